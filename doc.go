// Package jixiao is the domain of the 财政项目支出绩效自评表 (project expenditure
// performance self-evaluation form): the form's data, the Ministry of Finance
// scoring rules, the validation that finds every problem at once, and loading
// the data from TOML.
//
// The package imports no Excel or PDF code. Rendering lives in render/ and its
// format packages; the command in cmd/jixiao wires them together.
//
// Data flows one way:
//
//	TOML → Load → *Form (+ Diagnostics) → Score → *Scorecard → render
package jixiao
