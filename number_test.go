package jixiao

import (
	"testing"

	"github.com/shopspring/decimal"

	"jixiao/internal/tomldec"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestParseNumber(t *testing.T) {
	good := map[string]string{
		"7549020":         "7549020",
		"7,549,020.00":    "7549020",
		" 7549540.00 ":    "7549540",
		"12,117,045.94":   "12117045.94",
		"0":               "0",
		"-5.5":            "-5.5",
		"999":             "999",
		"1,000":           "1000",
		"0.000001":        "0.000001",
		"123456789012345": "123456789012345",
	}
	for in, want := range good {
		got, err := ParseNumber(in)
		if err != nil || !got.Equal(dec(want)) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "7,54,9020", "1.2.3", "１２", "¥100", "100元", "1e5", "1,000.", ".5", "--1"} {
		if got, err := ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) = %v, want an error", in, got)
		}
	}
}

func TestRoundQuo(t *testing.T) {
	tests := []struct {
		a, b string
		mode Rounding
		want string
	}{
		// 7,549,020 ÷ 7,549,540 = 99.9931%: Shanghai prints 100.00
		{"754902000", "7549540", RoundCeil, "100"},
		{"754902000", "7549540", RoundHalfUp, "99.99"},
		{"754902000", "7549540", RoundTrunc, "99.99"},
		{"1", "3", RoundHalfUp, "0.33"},
		{"2", "3", RoundHalfUp, "0.67"},
		{"2", "3", RoundTrunc, "0.66"},
		{"1", "3", RoundCeil, "0.34"},
		{"1", "8", RoundHalfUp, "0.13"}, // 0.125: half goes up
		{"1", "8", RoundTrunc, "0.12"},
		{"1", "4", RoundCeil, "0.25"}, // exact: no rounding at all
		{"5750", "100", RoundCeil, "57.5"},
	}
	for _, tt := range tests {
		if got := RoundQuo(dec(tt.a), dec(tt.b), 2, tt.mode); !got.Equal(dec(tt.want)) {
			t.Errorf("RoundQuo(%s, %s, %s) = %s, want %s", tt.a, tt.b, tt.mode, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	for in, want := range map[string]string{"9.50": "9.5", "97.5": "97.5", "10.00": "10", "9.905": "9.91", "0": "0"} {
		if got := FormatScore(dec(in)); got != want {
			t.Errorf("FormatScore(%s) = %q, want %q", in, got, want)
		}
	}
	if got := FormatRate(dec("100")); got != "100.00" {
		t.Errorf("FormatRate(100) = %q", got)
	}
	for in, want := range map[string]string{"7549020": "7,549,020.00", "999.5": "999.50", "1000": "1,000.00", "0": "0.00", "-1234.5": "-1,234.50", "100000": "100,000.00"} {
		if got := FormatAmount(dec(in), 2); got != want {
			t.Errorf("FormatAmount(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestPlaces(t *testing.T) {
	for in, want := range map[string]int32{"1": 0, "1.50": 1, "1.005": 3, "100": 0, "0.000001": 6} {
		if got := tomldec.Places(dec(in)); got != want {
			t.Errorf("places(%s) = %d, want %d", in, got, want)
		}
	}
}
