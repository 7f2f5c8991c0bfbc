package pdf

import (
	"bytes"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"jixiao/fonts"
)

const probeText = "财政项目支出绩效自评表（年度）预算执行率得分≤≥％，。、；：“”—…0123456789ABCabc%项目资金（元）年初预算数全年执行数其中：当年财政拨款上年结转资金其他资金产出指标效益指标满意度指标偏差原因分析及改进措施总分"

func TestProbe(t *testing.T) {
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		p := fpdf.New("P", "pt", "A4", "")
		p.AddUTF8FontFromBytes("jx", "", fonts.Regular)
		t1 := time.Now()
		p.SetFont("jx", "", 10)
		p.AddPage()
		p.Text(50, 50, probeText)
		var b bytes.Buffer
		if err := p.Output(&b); err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		cut := fpdf.UTF8CutFont(fonts.Regular, probeText)
		t3 := time.Now()
		p2 := fpdf.New("P", "pt", "A4", "")
		p2.AddUTF8FontFromBytes("jx", "", cut)
		p2.SetFont("jx", "", 10)
		p2.AddPage()
		p2.Text(50, 50, probeText)
		var b2 bytes.Buffer
		if err := p2.Output(&b2); err != nil {
			t.Fatal(err)
		}
		t4 := time.Now()
		t.Logf("parse %v output %v (%d bytes) cut %v (%d bytes) small doc %v (%d)", t1.Sub(t0), t2.Sub(t1), b.Len(), t3.Sub(t2), len(cut), t4.Sub(t3), b2.Len())
	}
}

var probeCut = fpdf.UTF8CutFont(fonts.Regular, probeText)

func BenchmarkSmall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		p2 := fpdf.New("P", "pt", "A4", "")
		p2.AddUTF8FontFromBytes("jx", "", probeCut)
		p2.SetFont("jx", "", 10)
		p2.AddPage()
		p2.Text(50, 50, probeText)
		var b2 bytes.Buffer
		if err := p2.Output(&b2); err != nil {
			b.Fatal(err)
		}
	}
}
