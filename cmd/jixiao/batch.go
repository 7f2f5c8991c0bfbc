package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"jixiao"
	"jixiao/render"
)

// outcome is what rendering one input gave.
type outcome struct {
	sheet    *render.Sheet     // for --combined: the form, laid out
	card     *jixiao.Scorecard // for --combined: its scores
	written  []string
	warnings int
	failed   bool
	log      []byte   // its messages, printed in input order
	errors   []string // its error lines, for the summary
}

// renderAll renders the inputs on every core. Messages come out in input
// order; a failing input is reported and the others go on. On a terminal a
// progress bar shows counts and the time left. It fails when any input did.
func (c *renderConfig) renderAll(ctx context.Context, inputs []input, stdout, stderr io.Writer) error {
	start := time.Now()
	c.removeStaleTemps(inputs)
	jobs := make(chan int)
	results := make([]chan outcome, len(inputs))
	for i := range results {
		results[i] = make(chan outcome, 1)
	}
	var wg sync.WaitGroup
	for range min(c.workers(), len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] <- c.renderOne(inputs[i])
			}
		}()
	}
	d := &dispatch{done: make(chan struct{})}
	go func() {
		defer close(d.done)
		defer close(jobs)
		for i := range inputs {
			if ctx.Err() != nil { // once interrupted, hand out nothing more
				return
			}
			select {
			case jobs <- i:
				d.sent.Add(1)
			case <-ctx.Done():
				return
			}
		}
	}()
	sum := c.collect(ctx, inputs, results, d, stdout, stderr)
	wg.Wait()
	if c.combined {
		c.writeCombined(&sum, stdout, stderr)
	}
	sum.print(stderr, len(inputs), time.Since(start))
	if sum.failed > 0 || sum.skipped > 0 {
		return errFailed
	}
	return nil
}

func (c *renderConfig) workers() int {
	if c.jobs > 0 {
		return c.jobs
	}
	return runtime.GOMAXPROCS(0)
}

// summary counts what a run did.
type summary struct {
	ok, failed, skipped, files, warnings int
	errors                               []string
	sheets                               []*render.Sheet     // --combined: the forms in input order
	cards                                []*jixiao.Scorecard // and their scores
}

// dispatch counts the forms handed to workers; done closes when no more
// will be.
type dispatch struct {
	sent atomic.Int64
	done chan struct{}
}

// collect prints each outcome in input order as it arrives. After an
// interruption it still reports every form a worker had started (they finish
// writing), and counts the others as not done.
func (c *renderConfig) collect(ctx context.Context, inputs []input, results []chan outcome, d *dispatch, stdout, stderr io.Writer) summary {
	var s summary
	bar := newProgress(stderr, len(inputs), c.quiet)
	for i := range inputs {
		var o outcome
		select {
		case o = <-results[i]:
		case <-ctx.Done():
			<-d.done
			if int64(i) >= d.sent.Load() {
				s.skipped = len(inputs) - i
				bar.done()
				return s
			}
			o = <-results[i]
		}
		bar.clear()
		stderr.Write(o.log)
		if !bar.active && !c.quiet {
			for _, p := range o.written {
				fmt.Fprintf(stdout, "已生成 %s\n", p)
			}
		}
		s.files += len(o.written)
		if o.sheet != nil {
			s.sheets = append(s.sheets, o.sheet)
			s.cards = append(s.cards, o.card)
		}
		s.warnings += o.warnings
		s.errors = append(s.errors, o.errors...)
		if o.failed {
			s.failed++
		} else {
			s.ok++
		}
		bar.step()
	}
	bar.done()
	return s
}

// maxListed bounds the errors repeated in the summary.
const maxListed = 30

func (s summary) print(w io.Writer, total int, took time.Duration) {
	fmt.Fprintf(w, "%d 个表单：成功 %d 个，失败 %d 个", total, s.ok, s.failed)
	if s.skipped > 0 {
		fmt.Fprintf(w, "，中断后未处理 %d 个", s.skipped)
	}
	fmt.Fprintf(w, "；写出 %d 个文件；警告 %d 个", s.files, s.warnings)
	if s.warnings > 0 {
		fmt.Fprint(w, "（用 jixiao check 查看）")
	}
	fmt.Fprintf(w, "；用时 %.1f 秒\n", took.Seconds())
	if len(s.errors) == 0 {
		return
	}
	fmt.Fprintln(w, "错误：")
	for i, e := range s.errors {
		if i == maxListed {
			fmt.Fprintf(w, "  ……另有 %d 个\n", len(s.errors)-maxListed)
			break
		}
		fmt.Fprintf(w, "  %s\n", e)
	}
}

// progress draws a one-line progress bar on a terminal.
type progress struct {
	w      io.Writer
	total  int
	n      int
	start  time.Time
	last   time.Time
	active bool
}

func newProgress(w io.Writer, total int, quiet bool) *progress {
	p := &progress{w: w, total: total, start: time.Now()}
	p.active = !quiet && total > 1 && isTerminal(w)
	return p
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) step() {
	p.n++
	if !p.active || time.Since(p.last) < 100*time.Millisecond && p.n < p.total {
		return
	}
	p.last = time.Now()
	p.draw()
}

func (p *progress) draw() {
	const width = 30
	filled := width * p.n / p.total
	elapsed := time.Since(p.start)
	eta := ""
	if p.n > 0 && p.n < p.total {
		left := time.Duration(float64(elapsed) / float64(p.n) * float64(p.total-p.n))
		eta = fmt.Sprintf("，剩余约 %.0f 秒", left.Seconds()+0.5)
	}
	fmt.Fprintf(p.w, "\r\033[K[%s%s] %d/%d %d%%，已用 %.1f 秒%s",
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.n, p.total, 100*p.n/p.total, elapsed.Seconds(), eta)
}

// clear removes the bar so a message can be printed; the next step redraws it.
func (p *progress) clear() {
	if p.active && p.n > 0 {
		fmt.Fprint(p.w, "\r\033[K")
		p.last = time.Time{}
	}
}

func (p *progress) done() {
	if p.active {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// logf is a printf into an outcome's log.
func (o *outcome) logf(format string, args ...any) {
	b := bytes.NewBuffer(o.log)
	fmt.Fprintf(b, format, args...)
	o.log = b.Bytes()
}

// staleAge is how old a temporary file of ours must be before a later run
// removes it when it cannot tell whether the run that made it is still
// going (a file of an older jixiao, without the process ID).
const staleAge = 10 * time.Minute

// removeStaleTemps deletes the temporary files killed runs left in the
// folders this run writes to: those of a process that is gone (a run killed
// outright, kill -9, cannot clean up after itself), and old ones of an
// unknown process. A running jixiao's are left alone.
func (c *renderConfig) removeStaleTemps(inputs []input) {
	dirs := map[string]bool{c.outDir: true}
	for _, in := range inputs {
		dirs[filepath.Dir(filepath.Join(c.outDir, in.out))] = true
	}
	for dir := range dirs {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			pid, ok := tempOwner(e.Name())
			if !ok || !e.Type().IsRegular() {
				continue
			}
			stale := pid > 0 && pid != os.Getpid() && !alive(pid)
			if info, err := e.Info(); err == nil && pid == 0 && time.Since(info.ModTime()) > staleAge {
				stale = true
			}
			if stale {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}

// tempOwner matches the names writeAtomic gives its temporary files,
// ".<name>.<pid>-<digits>.tmp", and returns the process that made it; an
// older jixiao's ".<name>.<digits>.tmp" gives 0.
func tempOwner(name string) (pid int, ok bool) {
	rest, ok := strings.CutSuffix(name, ".tmp")
	if !ok || !strings.HasPrefix(rest, ".") {
		return 0, false
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || i == len(rest)-1 {
		return 0, false
	}
	owner, random, hasPid := strings.Cut(rest[i+1:], "-")
	if !hasPid {
		owner, random = "", owner
	}
	if random == "" || strings.Trim(random, "0123456789") != "" || strings.Trim(owner, "0123456789") != "" {
		return 0, false
	}
	pid, _ = strconv.Atoi(owner)
	return pid, true
}
