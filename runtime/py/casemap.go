package py

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case mapping of str with non-ASCII characters, as CPython does it: full
// mappings (ß upper is SS, ŉ upper is ʼN), a capital sigma lower-cased to
// ς at a word's end, and the Uppercase and Lowercase properties (Ⓐ is
// upper case) deciding swapcase, isupper and islower.

// strCase is s.upper(), lower(), casefold(), capitalize(), title() or
// swapcase() (name).
func strCase(name, s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	prevCased := false
	for i, r := range rs {
		switch name {
		case "upper":
			writeMapped(&b, r, upperFull.Get(), unicode.ToUpper)
		case "lower":
			writeLower(&b, rs, i)
		case "casefold":
			if f, ok := foldFull.Get()[r]; ok {
				b.WriteString(f)
			} else {
				writeMapped(&b, r, lowerFull.Get(), unicode.ToLower)
			}
		case "capitalize":
			if i == 0 {
				writeMapped(&b, r, titleFull.Get(), unicode.ToTitle)
			} else {
				writeLower(&b, rs, i)
			}
		case "title":
			if prevCased {
				writeLower(&b, rs, i)
			} else {
				writeMapped(&b, r, titleFull.Get(), unicode.ToTitle)
			}
			prevCased = isCasedRune(r)
		case "swapcase":
			switch {
			case isUpperRune(r):
				writeLower(&b, rs, i)
			case isLowerRune(r):
				writeMapped(&b, r, upperFull.Get(), unicode.ToUpper)
			default:
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func writeMapped(b *strings.Builder, r rune, full map[rune]string, simple func(rune) rune) {
	if r < utf8.RuneSelf {
		b.WriteRune(simple(r))
		return
	}
	if m, ok := full[r]; ok {
		b.WriteString(m)
		return
	}
	b.WriteRune(simple(r))
}

// writeLower writes the lower case of rs[i]: a capital sigma is final (ς)
// when a cased character comes before it and none after, skipping the
// case-ignorable ones both ways.
func writeLower(b *strings.Builder, rs []rune, i int) {
	if rs[i] != 'Σ' {
		writeMapped(b, rs[i], lowerFull.Get(), unicode.ToLower)
		return
	}
	j := i - 1
	for j >= 0 && isCaseIgnorable(rs[j]) {
		j--
	}
	final := j >= 0 && isCasedRune(rs[j])
	if final {
		j = i + 1
		for j < len(rs) && isCaseIgnorable(rs[j]) {
			j++
		}
		final = j == len(rs) || !isCasedRune(rs[j])
	}
	if final {
		b.WriteRune('ς')
	} else {
		b.WriteRune('σ')
	}
}

// isUpperRune and isLowerRune are Unicode's Uppercase and Lowercase
// properties: the letters of those cases and the other characters that
// count as them (Ⓐ, ª).
func isUpperRune(r rune) bool {
	return unicode.IsUpper(r) || r >= 0x80 && unicode.Is(unicode.Other_Uppercase, r)
}

func isLowerRune(r rune) bool {
	return unicode.IsLower(r) || r >= 0x80 && unicode.Is(unicode.Other_Lowercase, r)
}

// isCasedRune is Unicode's Cased property.
func isCasedRune(r rune) bool {
	return isUpperRune(r) || isLowerRune(r) || unicode.IsTitle(r)
}

// isCaseIgnorable is Unicode's Case_Ignorable property: marks, format
// characters, modifiers and the word-internal punctuation of Word_Break's
// MidLetter, MidNumLet and Single_Quote.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xb7, 0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024, 0x2027, 0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
