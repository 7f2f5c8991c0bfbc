package main

import (
	"context"
	"io"
)

func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return nil
}
