package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// notWorkbook says what a file that is not a zip package is, from its
// first bytes, and how to make a workbook of it.
func notWorkbook(data []byte) error {
	head := data[:min(len(data), 1024)]
	lower := bytes.ToLower(head)
	save := "；请在 Excel、WPS 或 LibreOffice 中打开它，另存为“Excel 工作簿 (*.xlsx)”后再导入"
	switch {
	case len(data) == 0:
		return errors.New("文件是空的（0 字节），不是工作簿")
	case bytes.HasPrefix(head, []byte("%PDF")):
		return errors.New("这是 PDF 文件，不是工作簿：jixiao 只能读回 .xlsx 工作簿（PDF 是打印用的）；请导入 jixiao 生成的 .xlsx")
	case bytes.HasPrefix(head, []byte("PK")):
		return errors.New("文件以 zip 格式开头，但 zip 目录已损坏（可能没有下载或复制完整）" + save)
	case bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return errors.New("这是 Excel 2003 XML 表格（SpreadsheetML），不是 .xlsx" + save)
	case bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<!doctype html")):
		return errors.New("这是网页（HTML）文件，不是 .xlsx（有的系统把网页表格存成 .xls 下载）" + save)
	case utf8.Valid(head) && !bytes.ContainsRune(head, 0):
		return errors.New("这是文本文件（如 CSV），不是 .xlsx" + save)
	}
	return errNotXLSX
}

// otherPackage says what a zip package without a workbook is (an .ods, a
// Word or PowerPoint file renamed .xlsx), or nil.
func otherPackage(files map[string]*zip.File) error {
	if f := files["mimetype"]; f != nil {
		if b, err := readSmall(f, 200); err == nil && strings.HasPrefix(string(b), "application/vnd.oasis.opendocument") {
			kind := "OpenDocument 文件"
			switch {
			case strings.Contains(string(b), "spreadsheet"):
				kind = "OpenDocument 表格（.ods），不是 .xlsx"
			case strings.Contains(string(b), "text"):
				kind = "OpenDocument 文本（.odt），不是工作簿"
			}
			return errors.New("这是" + kind + "：大概是改了扩展名；请在 LibreOffice 或 WPS 中打开，另存为“Excel 2007-365 (.xlsx)”后再导入")
		}
	}
	switch {
	case files["word/document.xml"] != nil:
		return errors.New("这是 Word 文档（.docx），不是工作簿：大概是改了扩展名；请导入 jixiao 生成的 .xlsx")
	case files["ppt/presentation.xml"] != nil:
		return errors.New("这是 PowerPoint 演示文稿（.pptx），不是工作簿；请导入 jixiao 生成的 .xlsx")
	case files["[content_types].xml"] == nil && files["xl/workbook.xml"] == nil:
		return errors.New("这是一个 zip 压缩包，不是 .xlsx 工作簿（其中没有工作簿的部件）；如工作簿在压缩包里，请先解压")
	}
	return nil
}

// readSmall reads up to n bytes of a part.
func readSmall(f *zip.File, n int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, n))
}

// doctype refuses a part that declares a DTD: no office suite writes one
// into a workbook, and its entities would change what the cells say.
func doctype(f *zip.File) error {
	name := strings.ToLower(f.Name)
	if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") && !strings.HasSuffix(name, ".vml") {
		return nil
	}
	head, err := readSmall(f, 4096)
	if err != nil {
		return nil // verify reports it
	}
	if bytes.Contains(bytes.ToUpper(head), []byte("<!DOCTYPE")) || bytes.Contains(bytes.ToUpper(head), []byte("<!ENTITY")) {
		return fmt.Errorf("工作簿的部件 %s 声明了 DTD（<!DOCTYPE …>）：Excel、WPS 和 LibreOffice 保存的工作簿不会有它，这个文件是别的程序写出或改动过的，jixiao 不读取；请在 Excel 中打开后另存一份再导入", f.Name)
	}
	return nil
}
