package render

// Where printed pages may break. Each writer cuts its own pages, for its
// own row heights (the workbook's rows are taller than the PDF's) and
// abilities (only the PDF splits a row or draws a label again over the
// repeated header), but both avoid the same breaks, chosen here.

// PageFit describes a printed page to NoBreaks. Heights are in the sheet's
// points as the writer prints them.
type PageFit struct {
	Heights []float64 // every row's height
	// Capacity is the height a page starting at a row has for rows (less
	// on a page that repeats the title rows).
	Capacity func(row int) float64
	// Need is the height a merged label's text needs.
	Need func(label Range) float64
	// Over, when set, is the height a label gains on a page that starts at
	// row inside it, drawn over the rows repeated there.
	Over func(row int, label Range) float64
}

// NoBreaks marks the row boundaries a page should not break at:
// noBreak[i] keeps rows i-1 and i on one page. It avoids a break inside a
// Keep range that fits on a page, and one that would leave a label (Labels)
// too little room for its text on either side, as long as the rows the
// break would have parted still fit on one page.
func (s *Sheet) NoBreaks(p PageFit) []bool {
	n := len(p.Heights)
	sum := func(from, to int) float64 {
		h := 0.0
		for r := from; r < to; r++ {
			h += p.Heights[r]
		}
		return h
	}
	noBreak := make([]bool, n+1)
	for _, k := range s.Keep {
		if k.R0 >= 0 && k.R1 < n && sum(k.R0, k.R1+1) <= p.Capacity(k.R0)+fitEps {
			for i := k.R0 + 1; i <= k.R1; i++ {
				noBreak[i] = true
			}
		}
	}
	unit := func(i int) (from, to int) { // the rows kept with the boundary i
		for from = i; from > 0 && noBreak[from]; from-- {
		}
		for to = i + 1; to < n && noBreak[to]; to++ {
		}
		return from, to
	}
	for _, l := range s.Labels {
		if l.R0 < 0 || l.R1 >= n || l.R1 == l.R0 {
			continue
		}
		need := p.Need(l)
		for i := l.R0 + 1; i <= l.R1; i++ {
			after := sum(i, l.R1+1)
			if p.Over != nil {
				after += p.Over(i, l)
			}
			if noBreak[i] || sum(l.R0, i) >= need-fitEps && after >= need-fitEps {
				continue
			}
			noBreak[i] = true
			if from, to := unit(i); sum(from, to) > p.Capacity(from)+fitEps {
				noBreak[i] = false
			}
		}
	}
	return noBreak
}

// fitEps absorbs rounding when heights are compared (points).
const fitEps = 0.01
