package scenario

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEncodeJUnitAsEncodingXML checks the hand-written JUnit XML against
// encoding/xml's MarshalIndent of the same value, escapes and empty
// elements included.
func TestEncodeJUnitAsEncodingXML(t *testing.T) {
	type xmlSuites struct {
		XMLName xml.Name     `xml:"testsuites"`
		Suites  []junitSuite `xml:"testsuite"`
	}
	for _, suites := range []junitSuites{
		{},
		{Suites: []junitSuite{{Name: "empty", Time: "0.000"}}},
		{Suites: []junitSuite{{Name: "sockstar", Tests: 4, Failures: 1, Errors: 1, Skipped: 1, Time: "1.250", Cases: []junitCase{
			{Name: "ok", Classname: "sockstar.scenario", Time: "0.100"},
			{Name: "out", Classname: "sockstar.scenario", Time: "0.100", SystemOut: "[a] stdout:\nhi\t<there> & 'you' \"x\"\r\n"},
			{Name: "fail", Classname: "sockstar.scenario", Time: "0.200",
				Failure: &junitMessage{Message: "expectations not met", Text: "    a: want \"é\" \x01 \xff\n"}, SystemOut: "x"},
			{Name: "err<&>", Classname: "sockstar.scenario", Time: "0.300", Error: &junitMessage{Message: "could not run\n", Text: ""}},
			{Name: "skip", Classname: "sockstar.scenario", Time: "0.000", Skipped: &junitMessage{Message: "no \U0001F600 net"}},
		}}}},
	} {
		want, err := xml.MarshalIndent(xmlSuites{Suites: suites.Suites}, "", "  ")
		require.NoError(t, err)
		assert.Equal(t, xml.Header+string(want)+"\n", string(encodeJUnit(suites)))
	}
}

// TestTestEventAsEncodingJSON checks the hand-written go test -json lines
// against json.Encoder's of the same events.
func TestTestEventAsEncodingJSON(t *testing.T) {
	at := time.Date(2026, 12, 4, 23, 5, 1, 120000000, time.FixedZone("", 3600))
	var got []byte
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	for _, e := range []testEvent{
		{Time: at, Action: "run", Package: "s0", Test: "s0/echo"},
		{Time: at.UTC(), Action: "output", Package: "s0", Test: "s0/echo", Output: "[a] <x> & \"y\"\t\xff\n"},
		{Time: at, Action: "pass", Package: "s0", Elapsed: 1.25},
		{Time: at, Action: "fail", Package: "s0", Elapsed: 1e-7},
		{Time: at, Action: "fail", Package: "s0", Elapsed: 123456789.5},
	} {
		got = e.appendJSON(got)
		require.NoError(t, enc.Encode(e))
	}
	assert.Equal(t, want.String(), string(got))
}
