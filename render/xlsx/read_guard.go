package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Bounds on what Read accepts. A jixiao form is a workbook of a few dozen
// kilobytes; these leave room for a department's workbook of hundreds of
// forms and stop hostile files (zip bombs, sheets of a million rows) before
// they cost time or memory.
const (
	// MaxWorkbookSize bounds the workbook file.
	MaxWorkbookSize = 20 << 20
	// maxUnzipped bounds the sum of the parts' declared sizes. Go's
	// archive/zip refuses a part that inflates beyond its declared size,
	// so the declared sizes bound what is actually inflated.
	maxUnzipped = 50 << 20
	// A part above ratioFloor may not inflate more than maxRatio times.
	maxRatio   = 100
	ratioFloor = 4 << 20
	maxParts   = 5000
	// A form sheet has some 30 to 100 rows of 9 columns; the writer
	// refuses a form of more rows than this (one of 10,000 indicators
	// renders and reads back).
	maxFormRows   = 100_000
	maxFormCols   = 50
	maxMerges     = 5000
	maxTotalCells = 1_000_000 // over all the sheets read
)

// errNotXLSX and the like are the reasons a workbook is refused outright.
var (
	errNotXLSX    = errors.New("不是 .xlsx 工作簿（无法按 zip 格式读取）；请在 Excel 或 WPS 中另存为“Excel 工作簿 (*.xlsx)”后再导入")
	errEncrypted  = errors.New("这是设置了打开密码的工作簿，或旧版 .xls 文件；请在 Excel 或 WPS 中取消密码、另存为 .xlsx 后再导入")
	errNoWorkbook = errors.New("工作簿缺少必需的部件 xl/workbook.xml（文件已损坏）；请在 Excel 中打开后另存一份再导入")
)

// pkgInfo is what inspect learned about a workbook before excelize opens it.
type pkgInfo struct {
	sheets []sheetPart // in workbook order
	data   []byte      // the workbook, its sheets trimmed where need be
	extras []string    // parts jixiao never writes (comments, drawings, images): name and checksum
}

// sheetPart is one worksheet of the workbook and the size of its grid.
type sheetPart struct {
	name    string
	part    string // zip path of its XML; "" when the workbook names none
	missing bool   // the part it names is not in the file
	rows    int    // highest row number used
	cols    int    // highest column number used
	cells   int
	merges  []string // refs of its merged ranges (A1:I1)
	tooBig  string   // why the sheet is refused, "" when it is not
	// trim: rows or cells without a value lie beyond the bounds (LibreOffice
	// saves an empty row 1048576 after a row is deleted); they are cut
	// before excelize, which would make every row up to them, reads it.
	trim bool
	// damaged lists the cells whose stored value cannot be read as the file
	// says ("C15：…"), and merged ranges that are not ranges.
	damaged []damagedCell
}

// damagedCell is a cell (or merged range) whose stored value cannot be read.
type damagedCell struct{ at, msg string }

// inspect checks the zip container and measures every worksheet, reading
// only the zip directory and streaming each worksheet's XML once.
func inspect(data []byte) (*pkgInfo, error) {
	if len(data) > MaxWorkbookSize {
		return nil, fmt.Errorf("工作簿有 %.1f MB，超过 %d MB，不像是一份自评表", float64(len(data))/(1<<20), MaxWorkbookSize>>20)
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, errEncrypted
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, notWorkbook(data)
	}
	if len(zr.File) > maxParts {
		return nil, fmt.Errorf("工作簿由 %d 个部件组成，超过 %d 个，不像是一份自评表", len(zr.File), maxParts)
	}
	files := map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if total > maxUnzipped || size > maxUnzipped {
			return nil, fmt.Errorf("工作簿解压后超过 %d MB（可能是恶意构造的“压缩炸弹”），没有读取", maxUnzipped>>20)
		}
		if size > ratioFloor && size > maxRatio*max(f.CompressedSize64, 1) {
			return nil, fmt.Errorf("工作簿的部件 %s 压缩比超过 %d:1（可能是恶意构造的“压缩炸弹”），没有读取", f.Name, maxRatio)
		}
		files[strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))] = f
	}
	extras := extraParts(zr)
	// excelize ignores a part that fails its checksum or inflates beyond its
	// declared size (it reads what came before the error): check them all.
	for _, f := range zr.File {
		if err := verify(f); err != nil {
			return nil, fmt.Errorf("工作簿的部件 %s 已损坏（%v）；请在 Excel 中打开后另存一份再导入", f.Name, err)
		}
		if err := doctype(f); err != nil {
			return nil, err
		}
	}
	if err := otherPackage(files); err != nil {
		return nil, err
	}
	if files["[content_types].xml"] == nil {
		return nil, errors.New("工作簿缺少必需的部件 [Content_Types].xml（文件已损坏）；请在 Excel 中打开后另存一份再导入")
	}
	book := "xl/workbook.xml"
	if rels, err := readRels(files, "_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				book = r.Target
			}
		}
	}
	wb := files[strings.ToLower(book)]
	if wb == nil {
		return nil, errNoWorkbook
	}
	var doc struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(wb, &doc); err != nil {
		return nil, fmt.Errorf("工作簿的 %s 无法读取（%v）；请在 Excel 中打开后另存一份再导入", book, err)
	}
	if len(doc.Sheets) == 0 {
		return nil, errors.New("工作簿中没有工作表")
	}
	rels, _ := readRels(files, path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), path.Dir(book))
	target := map[string]string{}
	for _, r := range rels {
		target[r.ID] = r.Target
	}
	info := &pkgInfo{data: data, extras: extras}
	strs := sharedStrings(files, rels)
	trim := map[string]bool{}
	for _, s := range doc.Sheets {
		sp := sheetPart{name: s.Name, part: target[s.ID]}
		if f := files[strings.ToLower(sp.part)]; f != nil {
			err := measure(f, &sp, strs)
			if sp.trim && sp.tooBig == "" && err == nil {
				trim[f.Name] = true
			}
			if err != nil {
				sp.tooBig = "无法读取（" + err.Error() + "）"
			}
		} else {
			sp.missing = true
		}
		info.sheets = append(info.sheets, sp)
	}
	if len(trim) > 0 {
		if info.data, err = trimParts(zr, trim); err != nil {
			return nil, fmt.Errorf("工作簿无法读取（%v）；请在 Excel 中打开后另存一份再导入", err)
		}
	}
	return info, nil
}

// verify inflates a part to check its size and checksum.
func verify(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, rc)
	return err
}

type rel struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// readRels reads a relationships part, resolving targets against dir.
func readRels(files map[string]*zip.File, name, dir string) ([]rel, error) {
	f := files[strings.ToLower(name)]
	if f == nil {
		return nil, errors.New("missing")
	}
	var doc struct {
		Rels []rel `xml:"Relationship"`
	}
	if err := decodePart(f, &doc); err != nil {
		return nil, err
	}
	for i, r := range doc.Rels {
		if t, ok := strings.CutPrefix(r.Target, "/"); ok {
			doc.Rels[i].Target = t
		} else {
			doc.Rels[i].Target = path.Join(dir, r.Target)
		}
	}
	return doc.Rels, nil
}

// decodePart decodes a small XML part (the workbook, relationships).
func decodePart(f *zip.File, v any) error {
	if f.UncompressedSize64 > 4<<20 {
		return errors.New("部件过大")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

func attr(el xml.StartElement, name string) (string, bool) {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}
