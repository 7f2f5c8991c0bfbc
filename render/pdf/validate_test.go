package pdf

import _ "github.com/pdfcpu/pdfcpu/pkg/api" // strict validation in tests
