package host

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The functions AtExit registers run once, in order, when the main code
// ends; one registered later runs at the next MainEnded.
func TestAtExitRunsOnce(t *testing.T) {
	p := New(context.Background(), nil, nil, io.Discard, io.Discard)
	defer p.Close()
	var got []int
	p.AtExit(func() { got = append(got, 1) })
	p.AtExit(func() { got = append(got, 2) })
	p.MainEnded()
	p.MainEnded()
	assert.Equal(t, []int{1, 2}, got)
	p.AtExit(func() { got = append(got, 3) })
	p.MainEnded()
	assert.Equal(t, []int{1, 2, 3}, got)
}
