package fonts

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestRegularIsSingleFaceTrueType(t *testing.T) {
	if len(Regular) < 12 || !bytes.Equal(Regular[:4], []byte{0, 1, 0, 0}) {
		t.Fatalf("embedded font does not start with the TrueType header 0x00010000: % x", Regular[:min(4, len(Regular))])
	}
	for _, tag := range []string{"glyf", "loca", "cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post"} {
		if _, err := table(Regular, tag); err != nil {
			t.Errorf("table %q: %v", tag, err)
		}
	}
	if _, err := table(Regular, "CFF "); err == nil {
		t.Error("font still has a CFF table; the PDF writer embeds glyf outlines (CIDFontType2)")
	}
	// A font whose OS/2 fsType forbids embedding may not be embedded.
	os2, _ := table(Regular, "OS/2")
	if fs := u16(os2, 8); fs == 0x0002 || fs&0x0300 != 0 {
		t.Errorf("OS/2 fsType %#x restricts embedding", fs)
	}
}

// Characters of the form and rarer ones from names and places.
const (
	formChars = "财政项目支出绩效自评表（年度）预算执行率得分≤≥％，。、；：“”—…0123456789ABCabc%" +
		"项目资金（元）年初预算数全年执行数其中：当年财政拨款上年结转资金其他资金" +
		"产出指标效益指标满意度指标偏差原因分析及改进措施总分 　"
	symbolChars = "№℃ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ①⑩⑳±×÷≈≠∶‰‘’·￥¥€㎡□■○●√★☆✓"
	nameChars   = "珺堃彧喆昇瑄犇淼鑫垚焱燚赟昉玥璟晔琰瑾钰铖锟婕妤翀骞隽霂沄泓澍" +
		"䶮㛃" // Extension A
)

func TestCoverage(t *testing.T) {
	c, err := NewCoverage(Regular)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{formChars, symbolChars, nameChars} {
		if m := c.Missing(s); m != nil {
			t.Errorf("missing %q", string(m))
		}
	}
	n := 0
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if c.Has(r) {
			n++
		}
	}
	if n < 20900 {
		t.Errorf("only %d of CJK Unified Ideographs covered", n)
	}
	for _, r := range []rune{0, 0x1F, 0xE000, 0xFFFF, 0x20000, 0x1F600, -1, 0x110000} {
		if c.Has(r) {
			t.Errorf("Has(%U) = true", r)
		}
	}
	if got := c.Missing("财𠀀政\uE000𠀀"); string(got) != "𠀀\uE000" {
		t.Errorf("Missing = %q", string(got))
	}
}

func TestNames(t *testing.T) {
	names := nameRecords(t, Regular)
	want := map[int]string{1: Family, 2: "Regular", 4: Family, 6: "JixiaoSerifSC-Regular"}
	for id, w := range want {
		if names[id] != w {
			t.Errorf("name ID %d = %q, want %q", id, names[id], w)
		}
	}
	// OFL-1.1: a Modified Version uses no Reserved Font Name ("Source" for
	// Adobe's Source Han, from which Noto CJK derives) and no "Noto".
	for _, id := range []int{1, 3, 4, 6, 16, 17} {
		for _, rfn := range []string{"Source", "Noto"} {
			if strings.Contains(names[id], rfn) {
				t.Errorf("name ID %d %q contains %q", id, names[id], rfn)
			}
		}
	}
	if !strings.Contains(names[0], "Adobe") {
		t.Errorf("copyright notice lost: %q", names[0])
	}
	if !strings.Contains(names[13], "Open Font License") {
		t.Errorf("licence description lost: %q", names[13])
	}
}

// nameRecords returns the Windows Unicode (3,1) records of the name table.
func nameRecords(t *testing.T, font []byte) map[int]string {
	t.Helper()
	name, err := table(font, "name")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	n, strs := u16(name, 2), u16(name, 4)
	for i := 0; i < n; i++ {
		rec := 6 + 12*i
		if u16(name, rec) != 3 || u16(name, rec+2) != 1 {
			continue
		}
		id, size, off := u16(name, rec+6), u16(name, rec+8), u16(name, rec+10)
		raw := name[strs+off : strs+off+size]
		u := make([]uint16, len(raw)/2)
		for j := range u {
			u[j] = binary.BigEndian.Uint16(raw[2*j:])
		}
		out[id] = string(utf16.Decode(u))
	}
	return out
}

func TestNewCoverageRejectsBadInput(t *testing.T) {
	cmap, err := table(Regular, "cmap")
	if err != nil {
		t.Fatal(err)
	}
	cmapOff := bytes.Index(Regular, cmap[:64])
	cuts := []int{0, 3, 11, 12, 40, 200, cmapOff, cmapOff + 10, cmapOff + len(cmap)/2, cmapOff + len(cmap) - 1}
	for _, n := range cuts {
		if _, err := NewCoverage(Regular[:n]); err == nil {
			t.Errorf("NewCoverage(font[:%d]) = nil error", n)
		}
	}
	if _, err := NewCoverage([]byte("not a font at all, just text")); err == nil {
		t.Error("NewCoverage(text) = nil error")
	}
}

func BenchmarkNewCoverage(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := NewCoverage(Regular); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHas(b *testing.B) {
	c, err := NewCoverage(Regular)
	if err != nil {
		b.Fatal(err)
	}
	rs := []rune(formChars + nameChars)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !c.Has(rs[i%len(rs)]) {
			b.Fatal("missing")
		}
	}
}

func TestMetrics(t *testing.T) {
	m, err := RegularMetrics()
	if err != nil {
		t.Fatal(err)
	}
	for r, want := range map[rune][2]float64{
		'财': {0.99, 1.01}, '，': {0.99, 1.01}, '0': {0.3, 0.7}, 'i': {0.1, 0.45}, 'M': {0.6, 1.0}, ' ': {0.1, 0.4},
	} {
		if got := m.Advance(r); got < want[0] || got > want[1] {
			t.Errorf("Advance(%q) = %.3f, want in [%.2f, %.2f]", r, got, want[0], want[1])
		}
	}
	if m.Has(0x10000) || m.Advance(0x20000) != 1 {
		t.Errorf("characters above the BMP have no glyph and count as full width")
	}
	c, _ := NewCoverage(Regular)
	for r := rune(0); r < 0x10000; r++ {
		if c.Has(r) != m.Has(r) {
			t.Fatalf("coverage and metrics disagree on U+%04X", r)
		}
	}
}
