package jixiao

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// sortEdits orders edits by position and rejects overlapping ones.
func sortEdits(edits []patch) error {
	slices.SortStableFunc(edits, func(a, b patch) int { return a.start - b.start })
	for i := 1; i < len(edits); i++ {
		if edits[i].start < edits[i-1].end {
			return fmt.Errorf("两处修改重叠（第 %d 字节）", edits[i].start)
		}
	}
	return nil
}

// applier applies sorted edits to ranges of the source, each edit once.
type applier struct {
	src   []byte
	edits []patch
	used  []bool
	crlf  bool // the file ends its lines with CRLF: so do inserted lines
}

// text returns src[start:end] with the edits of owner that fall within it
// (an insertion at either end included).
func (a *applier) text(start, end, owner int) []byte {
	var b bytes.Buffer
	at := start
	for k, ed := range a.edits {
		if a.used[k] || ed.owner != owner || ed.start < at || ed.end > end {
			continue
		}
		a.used[k] = true
		b.Write(a.src[at:ed.start])
		text := ed.text
		if a.crlf {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		b.WriteString(text)
		at = ed.end
	}
	b.Write(a.src[at:end])
	return b.Bytes()
}

// indicators updates the [[indicators]] sections and assembles the file.
func (e *editor) indicators(to *Form) ([]byte, error) {
	old, now := e.from.Indicators, to.Indicators
	type chunk struct{ start, end int }
	chunks := make([]chunk, len(old))
	for i := range old {
		si, ok := e.byPath["indicators."+strconv.Itoa(i)]
		if !ok {
			return nil, fmt.Errorf("无法就地更新：找不到第 %d 个 [[indicators]]", i+1)
		}
		s := e.sections[si]
		start, floor := s.start, e.sections[si-1].keysEnd
		for start > floor {
			prev := e.lineStart(start - 1)
			t := bytes.TrimSpace(e.src[prev:start])
			if prev < floor || len(t) == 0 || t[0] != '#' {
				break
			}
			start = prev
		}
		chunks[i] = chunk{start, s.keysEnd}
	}
	match := e.match
	if match == nil {
		match = MatchIndicators(old, now)
	}
	matched := make([]bool, len(old))
	var order []int // old indices in their new order
	for j, i := range match {
		if i < 0 {
			e.changes = append(e.changes, Change{Op: '+', Path: fmt.Sprintf("indicators[%d]", j+1), Name: now[j].Name.Val})
			continue
		}
		matched[i] = true
		order = append(order, i)
		e.owner = i
		e.indicator(i, j, old[i], now[j])
	}
	e.owner = -1
	for i, m := range matched {
		if !m {
			e.changes = append(e.changes, Change{Op: '-', Path: fmt.Sprintf("indicators[%d]", i+1), Name: old[i].Name.Val})
		}
	}
	e.moves(order, match, now)
	if len(e.newTable) > 0 {
		at := len(e.src)
		if len(chunks) > 0 {
			at = chunks[0].start
		}
		var tables []string
		for _, t := range e.newTable {
			tables = append(tables, "["+t+"]\n"+strings.Join(e.newKeys[t], "\n")+"\n")
		}
		text := strings.Join(tables, "\n") + "\n"
		if at == len(e.src) {
			text = "\n" + text
		}
		e.edits = append(e.edits, patch{at, at, text, -1})
	}
	if err := sortEdits(e.edits); err != nil {
		return nil, err
	}
	a := &applier{src: e.src, edits: e.edits, used: make([]bool, len(e.edits)), crlf: bytes.Contains(e.src, []byte("\r\n"))}
	nl := "\n"
	if a.crlf {
		nl = "\r\n"
	}
	content := func(j int) []byte {
		if i := match[j]; i >= 0 {
			return a.text(chunks[i].start, chunks[i].end, i)
		}
		return []byte(strings.ReplaceAll(indicatorText(now[j]), "\n", nl))
	}
	var out bytes.Buffer
	if len(chunks) == 0 {
		out.Write(a.text(0, len(e.src), -1))
	}
	for k, c := range chunks {
		gStart := 0
		if k > 0 {
			gStart = chunks[k-1].end
		}
		glue := a.text(gStart, c.start, -1)
		if k == 0 || k < len(now) || len(bytes.TrimSpace(glue)) > 0 {
			out.Write(glue)
		}
		if k < len(now) {
			out.Write(content(k))
		}
	}
	for j := len(chunks); j < len(now); j++ {
		if out.Len() > 0 && !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
			out.WriteString(nl)
		}
		out.WriteString(nl)
		out.Write(content(j))
	}
	if len(chunks) > 0 {
		out.Write(a.text(chunks[len(chunks)-1].end, len(e.src), -1))
	}
	return out.Bytes(), nil
}

// indicator updates the keys of old indicator i, which is now indicator j.
func (e *editor) indicator(i, j int, a, b Indicator) {
	table := "indicators." + strconv.Itoa(i)
	name := b.Name.Val
	show := func(key string) string { return fmt.Sprintf("indicators[%d].%s", j+1, key) }
	strs := []struct {
		key  string
		x, y Field[string]
	}{{"level1", a.Level1, b.Level1}, {"level2", a.Level2, b.Level2}, {"name", a.Name, b.Name}, {"target", a.Target, b.Target}, {"actual", a.Actual, b.Actual}}
	for _, s := range strs {
		e.set(table, s.key, s.x.Set, s.x.Val == s.y.Val, strValue(s.x, s.y), show(s.key), name)
	}
	e.number(table, "weight", a.Weight, b.Weight, nil, show("weight"), name)
	e.number(table, "score", a.Score, b.Score, nil, show("score"), name)
	g := value{set: b.Grade.Set, text: Quote(string(b.Grade.Val)), show: Quote(string(b.Grade.Val))}
	e.set(table, "grade", a.Grade.Set, a.Grade.Val == b.Grade.Val, g, show("grade"), name)
	e.set(table, "reason", a.Reason.Set, a.Reason.Val == b.Reason.Val, strValue(a.Reason, b.Reason), show("reason"), name)
	e.monitorIndicator(table, a, b, show, name)
}

// moves records the indicators whose order among the kept ones changed:
// those outside the longest run that kept its order.
func (e *editor) moves(order []int, match []int, now []Indicator) {
	keep := map[int]bool{}
	for _, i := range longestIncreasing(order) {
		keep[i] = true
	}
	for j, i := range match {
		if i >= 0 && !keep[i] {
			e.changes = append(e.changes, Change{Op: '>', Path: fmt.Sprintf("indicators[%d]", j+1), Name: now[j].Name.Val,
				New: fmt.Sprintf("从第 %d 个移到第 %d 个", i+1, j+1)})
		}
	}
}

// longestIncreasing returns a longest increasing subsequence of s.
func longestIncreasing(s []int) []int {
	var tails []int // indexes into s
	prev := make([]int, len(s))
	for k, v := range s {
		n, _ := slices.BinarySearchFunc(tails, v, func(t, v int) int { return s[t] - v })
		prev[k] = -1
		if n > 0 {
			prev[k] = tails[n-1]
		}
		if n == len(tails) {
			tails = append(tails, k)
		} else {
			tails[n] = k
		}
	}
	out := make([]int, len(tails))
	for k, at := len(tails)-1, -1; k >= 0; k-- {
		if at < 0 {
			at = tails[len(tails)-1]
		}
		out[k] = s[at]
		at = prev[at]
	}
	return out
}

// MatchIndicators pairs each new indicator with an old one (its index, or
// -1 for an added one): first by (level1, level2, name), then in order
// within the same 一级/二级 group, then by position.
func MatchIndicators(old, now []Indicator) []int {
	return matchIndicators(old, now, true)
}

// MatchIndicatorsInGroups is MatchIndicators without the last pass: an
// indicator that is neither of the same name nor in the same group as an
// old one is added, not the old one moved and renamed (jixiao import, where
// a row deleted in one group and another added elsewhere are two changes).
func MatchIndicatorsInGroups(old, now []Indicator) []int {
	return matchIndicators(old, now, false)
}

func matchIndicators(old, now []Indicator, byPosition bool) []int {
	match := make([]int, len(now))
	used := make([]bool, len(old))
	for j := range match {
		match[j] = -1
	}
	pass := func(same func(o, n Indicator, i, j int) bool) {
		for j, n := range now {
			if match[j] >= 0 {
				continue
			}
			for i, o := range old {
				if !used[i] && same(o, n, i, j) {
					match[j], used[i] = i, true
					break
				}
			}
		}
	}
	group := func(o, n Indicator, _, _ int) bool {
		return o.Level1.Val == n.Level1.Val && o.Level2.Val == n.Level2.Val
	}
	pass(func(o, n Indicator, i, j int) bool { return group(o, n, i, j) && o.Name.Val == n.Name.Val })
	pass(group)
	if byPosition {
		pass(func(_, _ Indicator, i, j int) bool { return i == j })
	}
	return match
}

// indicatorText is a new [[indicators]] section, written as Format writes it.
func indicatorText(ind Indicator) string {
	var b strings.Builder
	encoder{&b}.indicator(ind)
	return b.String()
}

// Differences lists the data fields in which two forms differ: their
// values and whether they were given. Positions and file names are not
// compared. An empty list means the forms are the same data.
func Differences(a, b *Form) []string {
	var out []string
	str := func(path string, x, y Field[string]) {
		if differs(x, y) {
			out = append(out, path)
		}
	}
	num := func(path string, x, y Number) {
		if x.Set != y.Set || x.Set && !x.Val.Equal(y.Val) {
			out = append(out, path)
		}
	}
	str("template", a.Template, b.Template)
	if differs(a.Year, b.Year) {
		out = append(out, "year")
	}
	str("project.name", a.Project.Name, b.Project.Name)
	str("project.department", a.Project.Department, b.Project.Department)
	str("project.implementer", a.Project.Implementer, b.Project.Implementer)
	pa, pb := a.Policy, b.Policy
	if differs(pa.RateRounding, pb.RateRounding) {
		out = append(out, "policy.rate_rounding")
	}
	if differs(pa.NotApplicable, pb.NotApplicable) {
		out = append(out, "policy.not_applicable")
	}
	num("policy.too_low_ratio", pa.TooLowRatio, pb.TooLowRatio)
	fa, fb := a.Funds, b.Funds
	if differs(fa.Unit, fb.Unit) {
		out = append(out, "funds.unit")
	}
	num("funds.weight", fa.Weight, fb.Weight)
	ra, rb := fa.Rows(), fb.Rows()
	for i, key := range FundRowKeys {
		for c, col := range FundColumnKeys {
			num("funds."+key+"."+col, ra[i].Columns()[c], rb[i].Columns()[c])
		}
	}
	num("funds.rate", fa.Rate, fb.Rate)
	num("funds.score", fa.Score, fb.Score)
	str("goals.planned", a.Goals.Planned, b.Goals.Planned)
	str("goals.achieved", a.Goals.Achieved, b.Goals.Achieved)
	if len(a.Indicators) != len(b.Indicators) {
		out = append(out, fmt.Sprintf("indicators（%d 个 / %d 个）", len(a.Indicators), len(b.Indicators)))
	}
	for i := range min(len(a.Indicators), len(b.Indicators)) {
		x, y := a.Indicators[i], b.Indicators[i]
		p := fmt.Sprintf("indicators[%d].", i+1)
		str(p+"level1", x.Level1, y.Level1)
		str(p+"level2", x.Level2, y.Level2)
		str(p+"name", x.Name, y.Name)
		str(p+"target", x.Target, y.Target)
		str(p+"actual", x.Actual, y.Actual)
		num(p+"weight", x.Weight, y.Weight)
		num(p+"score", x.Score, y.Score)
		if differs(x.Grade, y.Grade) {
			out = append(out, p+"grade")
		}
		str(p+"reason", x.Reason, y.Reason)
		out = append(out, monitorIndicatorDifferences(p, x, y)...)
	}
	return append(out, monitorDifferences(a, b)...)
}

// differs reports whether two fields differ in value or in being given.
func differs[T comparable](x, y Field[T]) bool { return x.Set != y.Set || x.Val != y.Val }
