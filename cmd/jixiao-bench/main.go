// Command jixiao-bench measures jixiao on a synthetic department: per-form
// times on one core, the whole batch on all cores with its peak memory, and,
// where LibreOffice is installed, the office-suite route on a sample of the
// same workbooks, side by side. "make bench" runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"syscall"
	"time"

	"jixiao"
	"jixiao/internal/synth"
	"jixiao/render"
	"jixiao/render/pdf"
	"jixiao/render/xlsx"
)

func main() {
	n := flag.Int("n", 1000, "how many forms the department has")
	sample := flag.Int("sample", 100, "forms timed one by one on one core")
	loSample := flag.Int("lo", 20, "workbooks LibreOffice converts in one call (0: skip)")
	bin := flag.String("jixiao", "", "the jixiao binary for the batch (built from ./cmd/jixiao when empty)")
	keep := flag.Bool("keep", false, "keep the generated files")
	flag.Parse()
	if err := run(*n, *sample, *loSample, *bin, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "jixiao-bench:", err)
		os.Exit(1)
	}
}

func run(n, sample, loSample int, bin string, keep bool) error {
	dir, err := os.MkdirTemp("", "jixiao-bench-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	fmt.Printf("机器：%d 核，%s；数据：%s\n", runtime.NumCPU(), runtime.Version(), dir)
	start := time.Now()
	paths, err := synth.Department(filepath.Join(dir, "in"), n, 2020)
	if err != nil {
		return err
	}
	fmt.Printf("生成 %d 个表单（每个 15–40 个指标）：%.1f 秒\n\n", n, time.Since(start).Seconds())

	per, err := perForm(paths[:min(sample, n)])
	if err != nil {
		return err
	}
	if bin == "" {
		if bin, err = build(dir); err != nil {
			return err
		}
	}
	batch, err := runBatch(bin, filepath.Join(dir, "in"), filepath.Join(dir, "out"), n, false)
	if err != nil {
		return err
	}
	combined, err := runBatch(bin, filepath.Join(dir, "in"), filepath.Join(dir, "combined"), n, true)
	if err != nil {
		return err
	}
	lo := libreOffice(filepath.Join(dir, "out"), loSample, dir)
	report(per, batch, combined, lo, n)
	return nil
}

// timing is a sample of durations.
type timing []time.Duration

func (t timing) mean() time.Duration {
	var sum time.Duration
	for _, d := range t {
		sum += d
	}
	return sum / time.Duration(max(1, len(t)))
}

func (t timing) pct(p float64) time.Duration {
	s := slices.Clone(t)
	slices.Sort(s)
	return s[int(p*float64(len(s)-1))]
}

type perFormTimes struct{ prepare, xlsx, pdf timing }

// perForm times each stage of each sample form on one core, after a
// warm-up, with the GC target jixiao render sets.
func perForm(paths []string) (perFormTimes, error) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var t perFormTimes
	pr, err := pdf.New()
	if err != nil {
		return t, err
	}
	for round := range 2 { // the first round warms caches up and is not counted
		for _, p := range paths {
			t0 := time.Now()
			sheet, err := prepare(p)
			if err != nil {
				return t, err
			}
			t1 := time.Now()
			if err := xlsx.Write(io.Discard, []*render.Sheet{sheet}, xlsx.Options{}); err != nil {
				return t, err
			}
			t2 := time.Now()
			if err := pr.Write(io.Discard, []*render.Sheet{sheet}, pdf.Options{}); err != nil {
				return t, err
			}
			t3 := time.Now()
			if round == 1 {
				t.prepare = append(t.prepare, t1.Sub(t0))
				t.xlsx = append(t.xlsx, t2.Sub(t1))
				t.pdf = append(t.pdf, t3.Sub(t2))
			}
		}
	}
	return t, nil
}

// prepare loads, scores and lays out one form.
func prepare(path string) (*render.Sheet, error) {
	f, diags := jixiao.LoadFile(path)
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	return render.ResolveForm(f)
}

func build(dir string) (string, error) {
	bin := filepath.Join(dir, "jixiao")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/jixiao")
	cmd.Stderr = os.Stderr
	return bin, cmd.Run()
}

type batchResult struct {
	wall   time.Duration
	peakKB int64
}

// runBatch renders the whole department with the jixiao command on all
// cores, a file per form or (combined) one workbook and one PDF of them
// all, and reads its peak memory from the kernel.
func runBatch(bin, in, out string, n int, combined bool) (batchResult, error) {
	args := []string{"render", "-q", "-o", out, in}
	if combined {
		args = append(args, "--combined")
	}
	cmd := exec.CommandContext(context.Background(), bin, args...)
	cmd.Stderr = io.Discard
	start := time.Now()
	err := cmd.Run()
	res := batchResult{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.peakKB = ru.Maxrss
	}
	if err != nil {
		return res, fmt.Errorf("jixiao render: %w", err)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(files) != n && !(combined && len(files) == 1) {
		return res, fmt.Errorf("the batch wrote %d PDFs, want %d", len(files), n)
	}
	return res, nil
}

type loResult struct {
	forms int
	wall  time.Duration
	err   error
}

// libreOffice converts the first k workbooks to PDF in one soffice call,
// the office-suite route jixiao replaces.
func libreOffice(out string, k int, dir string) loResult {
	if k == 0 {
		return loResult{err: fmt.Errorf("-lo 0：跳过 LibreOffice 对比")}
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		return loResult{err: fmt.Errorf("没有安装 soffice，跳过 LibreOffice 对比")}
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.xlsx"))
	files = files[:min(k, len(files))]
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "lo-profile"), "--headless",
		"--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, files...)
	start := time.Now()
	if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		return loResult{err: fmt.Errorf("soffice: %v: %s", err, b)}
	}
	return loResult{forms: len(files), wall: time.Since(start)}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

func report(per perFormTimes, b, combined batchResult, lo loResult, n int) {
	fmt.Printf("单核，每个表单（%d 个样本；均值 / p50 / p95）\n", len(per.xlsx))
	for _, r := range []struct {
		name string
		t    timing
	}{{"读入、计分、排版", per.prepare}, {"xlsx 写出", per.xlsx}, {"pdf 写出", per.pdf}} {
		fmt.Printf("  %-12s %10s %10s %10s\n", r.name, ms(r.t.mean()), ms(r.t.pct(0.5)), ms(r.t.pct(0.95)))
	}
	perBatch := b.wall / time.Duration(n)
	fmt.Printf("\n整批（jixiao render，%d 核，xlsx + pdf）\n", runtime.NumCPU())
	fmt.Printf("  %d 个表单 %.2f 秒，%.0f 个/秒，每个 %s；峰值内存 %.0f MB\n",
		n, b.wall.Seconds(), float64(n)/b.wall.Seconds(), ms(perBatch), float64(b.peakKB)/1024)
	fmt.Printf("  --combined（汇总表和全部表单，一个工作簿和一个 PDF）%.2f 秒；峰值内存 %.0f MB\n",
		combined.wall.Seconds(), float64(combined.peakKB)/1024)
	fmt.Println("\n对比 LibreOffice（soffice --convert-to pdf，一次调用转换多个工作簿）")
	if lo.err != nil {
		fmt.Printf("  %v\n", lo.err)
		return
	}
	loPer := lo.wall / time.Duration(lo.forms)
	fmt.Printf("  %-28s %12s\n", "", "每个表单")
	fmt.Printf("  %-28s %12s\n", fmt.Sprintf("LibreOffice（%d 个，%.1f 秒）", lo.forms, lo.wall.Seconds()), ms(loPer))
	fmt.Printf("  %-28s %12s   快 %.0f 倍\n", "jixiao pdf（单核）", ms(per.pdf.mean()), float64(loPer)/float64(per.pdf.mean()))
	fmt.Printf("  %-28s %12s   快 %.0f 倍\n", "jixiao 整批（xlsx + pdf）", ms(perBatch), float64(loPer)/float64(perBatch))
}
