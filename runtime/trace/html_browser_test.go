package trace_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
	"sockstar/scenario"
)

// chromium is the headless browser the page is opened in, "" when none is
// installed.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

var (
	consoleLine = regexp.MustCompile(`(?m)^.*:CONSOLE\b.*$`)
	fullArrow   = regexp.MustCompile(`<g class="msg (data|dgram)"`)
	pageError   = regexp.MustCompile(`data-error="[^"]*"`)
	arrowCount  = regexp.MustCompile(`<body[^>]* data-arrows="(\d+)"`)
)

// TestHTMLInBrowser opens pages in headless Chromium: the script runs
// without an error or a console message, and the arrows in the browser's
// DOM are the messages that reached a role.
func TestHTMLInBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("chromium is not installed (Debian: apt-get install chromium): the page is not opened in a browser")
	}
	scs, err := scenario.Load("../../scenarios/threaded-echo")
	require.NoError(t, err)
	for _, c := range []struct {
		name   string
		events func(t *testing.T) []trace.Event
	}{
		{"threaded-echo", func(t *testing.T) []trace.Event { return record(t, scs[0]) }},
		{"fifty", func(*testing.T) []trace.Event { return fifty().ev }},
	} {
		t.Run(c.name, func(t *testing.T) {
			events := c.events(t)
			dir := t.TempDir()
			path := filepath.Join(dir, "page.html")
			var b bytes.Buffer
			require.NoError(t, trace.HTML(&b, c.name, events))
			require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
			want := reached(events)

			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "--headless", "--disable-gpu", "--no-sandbox",
				"--enable-logging=stderr", "--v=0", "--user-data-dir="+filepath.Join(dir, "profile"),
				"--dump-dom", "file://"+path)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Run(), "%s", stderr.String())
			dom := stdout.String()

			assert.Empty(t, consoleLine.FindAllString(stderr.String(), -1), "the page logs nothing")
			// Not assert.Contains: on failure it would print the whole page.
			if m := pageError.FindString(dom); m != "" {
				t.Errorf("the page's script failed: %s", m)
			}
			counted := arrowCount.FindStringSubmatch(dom)
			require.NotNil(t, counted, "the page's script did not run to its end")
			assert.Equal(t, strconv.Itoa(want), counted[1], "the arrows the script found")
			i := strings.Index(dom, `id="v-full"`)
			require.GreaterOrEqual(t, i, 0, "the full diagram is in the DOM")
			assert.Len(t, fullArrow.FindAllString(dom[i:], -1), want, "an arrow in the DOM per message that reached a role")
		})
	}
}
