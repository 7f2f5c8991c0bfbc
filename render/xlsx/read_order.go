package xlsx

import (
	"math"
	"slices"

	"jixiao"
	"jixiao/render"
)

// likeBase puts the indicators read from a sheet in the order of the data
// file they came from, where that prints the same: the form prints the
// indicators grouped (standard groups first), so a file that lists them in
// another order reads back grouped, and --into would move every section
// for nothing. Indicators keep their order within their group (the order
// the department gave them); an added one follows the one above it. The
// order is kept only if the template lays it out exactly as the sheet
// shows; otherwise the sheet's order stands.
func likeBase(t *render.Template, f *jixiao.Form, match []int) {
	n := len(f.Indicators)
	type group struct{ l1, l2 string }
	var order []group
	members := map[group][]int{}
	for j, ind := range f.Indicators {
		g := group{ind.Level1.Val, ind.Level2.Val}
		if members[g] == nil {
			order = append(order, g)
		}
		members[g] = append(members[g], j)
	}
	next := map[group]int{}     // index into members of the group's next indicator
	last := map[group]float64{} // anchor of the group's last one placed
	anchor := func(g group) float64 {
		m := members[g]
		j := m[next[g]]
		switch {
		case match[j] >= 0:
			return float64(match[j])
		case next[g] > 0:
			return last[g] + 0.5
		}
		for _, k := range m[next[g]:] {
			if match[k] >= 0 {
				return float64(match[k]) - 0.5
			}
		}
		return math.Inf(1)
	}
	perm := make([]int, 0, n)
	for len(perm) < n {
		best, at := group{}, math.Inf(1)
		found := false
		for _, g := range order {
			if next[g] == len(members[g]) {
				continue
			}
			if a := anchor(g); !found || a < at {
				best, at, found = g, a, true
			}
		}
		perm = append(perm, members[best][next[best]])
		last[best] = at
		next[best]++
	}
	if slices.IsSorted(perm) {
		return
	}
	moved := *f
	moved.Indicators = make([]jixiao.Indicator, n)
	for k, j := range perm {
		moved.Indicators[k] = f.Indicators[j]
	}
	if slices.Equal(rowsOf(t, f, nil), rowsOf(t, &moved, perm)) {
		f.Indicators = moved.Indicators
	}
}

// rowsOf lists the indicators in the rows the template prints them in, as
// indexes of the sheet's order (perm maps the form's order to it).
func rowsOf(t *render.Template, f *jixiao.Form, perm []int) []int {
	card, _ := jixiao.Score(f)
	no := false
	s, err := render.Resolve(t, card, render.Options{KeepEmptyGroups: &no})
	if err != nil {
		return []int{-1}
	}
	var out []int
	for _, i := range s.Block.Indexes {
		if i >= 0 && perm != nil {
			i = perm[i]
		}
		out = append(out, i)
	}
	return out
}
