package jixiao

import "github.com/shopspring/decimal"

// Rounding is how 执行率 is rounded to 2 decimals.
type Rounding string

const (
	RoundHalfUp Rounding = "half_up" // the MOF default
	RoundCeil   Rounding = "ceil"    // Shanghai: 99.9931% prints 100.00
	RoundTrunc  Rounding = "trunc"
)

// NAPolicy is how a not-applicable indicator (该指标不适用) is scored.
type NAPolicy string

const (
	NAZero    NAPolicy = "zero"    // scored 0 and kept, as the seed forms do
	NARescale NAPolicy = "rescale" // dropped, and the total rescaled to 100
)

// Policy holds the scoring choices that differ between provinces.
type Policy struct {
	Pos           Pos
	RateRounding  Field[Rounding]
	NotApplicable Field[NAPolicy]
	// TooLowRatio flags a quantitative target as set too low when the actual
	// beats it by this factor or more (88.27% against ≥50% is 1.77).
	TooLowRatio Number
}

// DefaultPolicy returns the MOF defaults.
func DefaultPolicy() Policy {
	return Policy{
		RateRounding:  Field[Rounding]{Val: RoundHalfUp},
		NotApplicable: Field[NAPolicy]{Val: NAZero},
		TooLowRatio:   Number{Val: decimal.RequireFromString("1.5")},
	}
}
