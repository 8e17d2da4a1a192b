package argparse

import (
	"strings"
	"unicode"
)

// This file is the part of Python's textwrap that argparse's help uses:
// wrap(text, width) and fill(text, width, initial_indent, subsequent_indent)
// with the default options. Lengths are in code points, as Python's are.

// isWrapSpace is textwrap's whitespace: ASCII only.
func isWrapSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
}

// isWordChar is \w of a str pattern: letters, numbers and the underscore.
func isWordChar(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

// isLetter is textwrap's "letter", [^\d\W]: a word character but no digit.
func isLetter(r rune) bool { return isWordChar(r) && !unicode.IsDigit(r) }

// isWordPunct is textwrap's word_punct, [\w!"'&.,?].
func isWordPunct(r rune) bool { return isWordChar(r) || strings.ContainsRune(`!"'&.,?`, r) }

// splitChunks cuts text as textwrap's wordsep_re does: runs of whitespace,
// em-dashes between words, and words, cut after the hyphens of compound
// words ("non-" "blocking"). Go's regexp has no lookaround, so the pattern
// is walked by hand; the lookbehinds may look before the chunk's start.
func splitChunks(text []rune) [][]rune {
	at := func(i int) rune {
		if i < 0 || i >= len(text) {
			return 0
		}
		return text[i]
	}
	letter := func(i int) bool { return i >= 0 && i < len(text) && isLetter(text[i]) }
	// emDashAhead: at i, two or more hyphens and then a word character.
	emDashAhead := func(i int) bool {
		j := i
		for at(j) == '-' {
			j++
		}
		return j-i >= 2 && j < len(text) && isWordChar(text[j])
	}
	var chunks [][]rune
	p := 0
	for p < len(text) {
		start := p
		switch {
		case isWrapSpace(text[p]):
			for p < len(text) && isWrapSpace(text[p]) {
				p++
			}
		case p > 0 && isWordPunct(text[p-1]) && emDashAhead(p):
			for at(p) == '-' {
				p++
			}
		default:
			// A non-space run, lazily, up to the first place one of the
			// three endings matches.
			e := p + 1
			for {
				if at(e) == '-' &&
					((letter(e-2) && letter(e-1)) || (letter(e-3) && at(e-2) == '-' && letter(e-1))) &&
					letter(e+1) && (letter(e+2) || (at(e+2) == '-' && letter(e+3))) {
					p = e + 1
					break
				}
				if e == len(text) || isWrapSpace(text[e]) {
					p = e
					break
				}
				if isWordPunct(text[e-1]) && emDashAhead(e) {
					p = e
					break
				}
				e++
			}
		}
		chunks = append(chunks, text[start:p])
	}
	return chunks
}

func isBlank(chunk []rune) bool {
	for _, r := range chunk {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// wrapText is textwrap.wrap(text, width, initial_indent=indent,
// subsequent_indent=indent) with every other option at its default.
func wrapText(text string, width int, indent string) []string {
	// replace_whitespace; argparse has collapsed whitespace already, so no
	// tab is left for expand_tabs.
	rs := []rune(text)
	for i, r := range rs {
		if isWrapSpace(r) {
			rs[i] = ' '
		}
	}
	chunks := splitChunks(rs)
	// reversed, so the next chunk is the last one, as in textwrap.
	for i, j := 0, len(chunks)-1; i < j; i, j = i+1, j-1 {
		chunks[i], chunks[j] = chunks[j], chunks[i]
	}
	indentLen := len([]rune(indent))
	var lines []string
	for len(chunks) > 0 {
		var cur [][]rune
		curLen := 0
		w := width - indentLen
		if isBlank(chunks[len(chunks)-1]) && len(lines) > 0 {
			chunks = chunks[:len(chunks)-1]
		}
		for len(chunks) > 0 {
			l := len(chunks[len(chunks)-1])
			if curLen+l > w {
				break
			}
			cur = append(cur, chunks[len(chunks)-1])
			chunks = chunks[:len(chunks)-1]
			curLen += l
		}
		if len(chunks) > 0 && len(chunks[len(chunks)-1]) > w {
			cur = handleLongWord(chunks, cur, curLen, w)
			curLen = 0
			for _, c := range cur {
				curLen += len(c)
			}
		}
		if len(cur) > 0 && isBlank(cur[len(cur)-1]) {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			var b strings.Builder
			b.WriteString(indent)
			for _, c := range cur {
				b.WriteString(string(c))
			}
			lines = append(lines, b.String())
		}
	}
	return lines
}

// handleLongWord puts as much of a word too long for any line on the
// current one as fits, cutting after a hyphen when one is in reach.
func handleLongWord(chunks [][]rune, cur [][]rune, curLen, width int) [][]rune {
	spaceLeft := 1
	if width >= 1 {
		spaceLeft = width - curLen
	}
	chunk := chunks[len(chunks)-1]
	end := spaceLeft
	if len(chunk) > spaceLeft {
		hyphen := -1
		for i := min(spaceLeft, len(chunk)) - 1; i >= 0; i-- {
			if chunk[i] == '-' {
				hyphen = i
				break
			}
		}
		if hyphen > 0 {
			for _, r := range chunk[:hyphen] {
				if r != '-' {
					end = hyphen + 1
					break
				}
			}
		}
	}
	end = max(0, min(end, len(chunk)))
	chunks[len(chunks)-1] = chunk[end:]
	return append(cur, chunk[:end])
}

// fillText is textwrap.fill: the wrapped lines joined by newlines.
func fillText(text string, width int, indent string) string {
	return strings.Join(wrapText(text, width, indent), "\n")
}
