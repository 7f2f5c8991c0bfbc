package web

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// row is one form in the folder's table.
type row struct {
	Rel, Name, Department   string
	Budget, Executed, Rate  string
	Total, Grade            string
	total, budget, executed decimal.Decimal
	rate                    decimal.Decimal
	Errors, Warnings        int
	Problem                 string
	Monitor                 bool // a 绩效运行监控表, not scored
	scored                  bool
}

// columns of the folder's table, by the key of ?sort=.
var columns = []struct{ Key, Title string }{
	{"name", "项目名称"}, {"department", "主管部门"}, {"budget", "全年预算数（元）"}, {"executed", "全年执行数（元）"},
	{"rate", "执行率"}, {"total", "总分"}, {"grade", "等级"}, {"errors", "错误"}, {"warnings", "警告"},
}

func rowOf(e *entry) row {
	r := row{Rel: e.Rel, Name: e.Rel, Problem: e.Problem}
	r.Errors, r.Warnings = e.diags.Count()
	if e.Problem != "" {
		r.Errors++
	}
	if e.form != nil {
		if n := e.form.Project.Name.Val; n != "" {
			r.Name = n
		}
		r.Department = e.form.Project.Department.Val
	}
	r.Monitor = e.monitor
	if c := e.card; c != nil {
		r.scored = !e.monitor
		// In 元 whatever unit the form uses, as the 汇总表 shows them: the
		// column compares and sorts forms of either unit.
		unit := e.form.Funds.Unit.Val
		if b := c.Funds.Total[1]; b.Set {
			r.budget = unit.InYuan(b.Val)
			r.Budget = jixiao.FormatAmount(r.budget, 2)
		}
		if x := c.Funds.Total[2]; x.Set {
			r.executed = unit.InYuan(x.Val)
			r.Executed = jixiao.FormatAmount(r.executed, 2)
		}
		if p := c.Funds.PrintedRate; p.Set {
			r.rate, r.Rate = p.Val, jixiao.FormatRate(p.Val)
		}
		if r.scored {
			r.total, r.Total, r.Grade = c.Total, jixiao.FormatScore(c.Total), c.Grade
		}
	}
	return r
}

// sortRows orders the rows by a column; unscored rows go last.
func sortRows(rows []row, key string, desc bool) {
	gradeRank := map[string]int{"优": 0, "良": 1, "中": 2, "差": 3}
	slices.SortStableFunc(rows, func(a, b row) int {
		var c int
		switch key {
		case "department":
			c = strings.Compare(a.Department, b.Department)
		case "budget":
			c = a.budget.Cmp(b.budget)
		case "executed":
			c = a.executed.Cmp(b.executed)
		case "rate":
			c = a.rate.Cmp(b.rate)
		case "total":
			c = a.total.Cmp(b.total)
		case "grade":
			c = cmp.Compare(gradeRank[a.Grade], gradeRank[b.Grade])
		case "errors":
			c = cmp.Compare(a.Errors, b.Errors)
		case "warnings":
			c = cmp.Compare(a.Warnings, b.Warnings)
		default:
			c = strings.Compare(a.Name, b.Name)
		}
		if a.scored != b.scored && key != "name" && key != "department" && key != "errors" && key != "warnings" {
			if a.scored {
				return -1
			}
			return 1
		}
		if desc {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(a.Rel, b.Rel)
		}
		return c
	})
}

// folder is the page of every form under the folder.
func (s *Server) folder(w http.ResponseWriter, r *http.Request) {
	rels, err := s.forms()
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "无法读取目录："+reason(err))
		return
	}
	rows := make([]row, 0, len(rels))
	for _, rel := range rels {
		rows = append(rows, rowOf(s.load(rel)))
	}
	key := r.URL.Query().Get("sort")
	if !slices.ContainsFunc(columns, func(c struct{ Key, Title string }) bool { return c.Key == key }) {
		key = ""
	}
	desc := r.URL.Query().Get("desc") == "1"
	sortRows(rows, key, desc)
	type head struct {
		Title, Href, Mark string
	}
	var heads []head
	for _, c := range columns {
		h := head{Title: c.Title, Href: "?sort=" + c.Key}
		if c.Key == key || key == "" && c.Key == "name" {
			if desc {
				h.Mark = "▼"
			} else {
				h.Mark, h.Href = "▲", h.Href+"&desc=1"
			}
		}
		heads = append(heads, h)
	}
	errs, warns, bad := 0, 0, 0
	for _, r := range rows {
		errs += r.Errors
		warns += r.Warnings
		if r.Errors > 0 {
			bad++
		}
	}
	s.page(w, r, http.StatusOK, "folder", map[string]any{
		"Title": "绩效自评表", "Dir": s.dir, "Rows": rows, "Heads": heads,
		"Errors": errs, "Warnings": warns, "Bad": bad,
		"Chart": chart(rows), "Grades": gradeChart(rows),
	})
}

// bar is one bar of a chart, in SVG user units.
type bar struct {
	Label, Value, Href, Fill string
	X, Y, W, H, TX, TY       float64
}

// chartData is a horizontal bar chart drawn by the server.
type chartData struct {
	Width, Height float64
	Bars          []bar
	Ticks         []bar
}

var gradeFill = map[string]string{"优": "#2e7d32", "良": "#1565c0", "中": "#ef6c00", "差": "#c62828"}

// chart draws 总分 per project, one bar each, on a 0–100 scale.
func chart(rows []row) chartData {
	const left, width, rowH = 230.0, 330.0, 20.0
	var c chartData
	y := 24.0
	for _, r := range rows {
		if !r.scored {
			continue
		}
		v, _ := r.total.Float64()
		w := math.Max(0, math.Min(v, 100)) / 100 * width
		c.Bars = append(c.Bars, bar{
			Label: shortName(r.Name, 16), Value: r.Total + " " + r.Grade, Href: route("form", r.Rel),
			Fill: gradeFill[r.Grade], X: left, Y: y, W: w, H: rowH - 6, TX: left + w + 4, TY: y + rowH - 9,
		})
		y += rowH
	}
	for v := 0; v <= 100; v += 20 {
		x := left + float64(v)/100*width
		c.Ticks = append(c.Ticks, bar{Label: fmt.Sprint(v), X: x, Y: 16, H: y - 16, TX: x, TY: 12})
	}
	c.Width, c.Height = left+width+70, y+4
	return c
}

// gradeChart draws how many forms have each 等级.
func gradeChart(rows []row) chartData {
	counts := map[string]int{}
	most := 1
	for _, r := range rows {
		if r.scored {
			counts[r.Grade]++
			most = max(most, counts[r.Grade])
		}
	}
	const left, width, rowH = 40.0, 200.0, 26.0
	var c chartData
	y := 8.0
	for _, g := range []string{"优", "良", "中", "差"} {
		w := float64(counts[g]) / float64(most) * width
		c.Bars = append(c.Bars, bar{Label: g, Value: fmt.Sprintf("%d 个", counts[g]), Fill: gradeFill[g],
			X: left, Y: y, W: w, H: rowH - 8, TX: left + w + 4, TY: y + rowH - 12})
		y += rowH
	}
	c.Width, c.Height = left+width+60, y+4
	return c
}

// shortName cuts a long name for a chart label.
func shortName(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

var funcs = template.FuncMap{
	"route": route,
	"f1":    func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"add":   func(a, b float64) float64 { return a + b },
}
