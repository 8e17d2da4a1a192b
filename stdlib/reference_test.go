package stdlib_test

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strings"
	"testing"

	"sockstar/stdlib"
)

var update = flag.Bool("update", false, "rewrite MODULES.md")

// moduleOf names the module a package is, where the two names differ.
var moduleOf = map[string]string{"pystruct": "struct", "pystring": "string", "concurrent": "concurrent.futures"}

// TestReference checks that MODULES.md, the module reference that
// `sockstar doc` and help() print, is made from the packages' doc comments
// as they are now; -update rewrites it.
func TestReference(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	sort.Strings(dirs)
	var b strings.Builder
	b.WriteString(stdlib.ReferenceHeader)
	for _, dir := range dirs {
		doc := packageDoc(t, dir)
		if doc == "" {
			continue
		}
		name := dir
		if m, ok := moduleOf[dir]; ok {
			name = m
		}
		b.WriteString("\n## " + name + "\n\n" + doc)
	}
	want := b.String()
	if *update {
		if err := os.WriteFile("MODULES.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if stdlib.Reference != want {
		t.Errorf("MODULES.md is out of date: go test ./stdlib -run TestReference -update")
	}
	for name, m := range stdlib.Modules() {
		if name == "concurrent" {
			continue // a package: concurrent.futures is documented
		}
		doc, ok := stdlib.Doc(name)
		if !ok {
			t.Errorf("module %s has no reference", name)
			continue
		}
		if m.Source != nil {
			continue // written in Python: its doc lists its classes
		}
		// Every public name but the constants is in its module's reference.
		for _, k := range m.Names() {
			if strings.ToUpper(k) != k && !strings.HasPrefix(k, "_") && !strings.Contains(doc, k) {
				t.Errorf("%s.%s is not in the reference", name, k)
			}
		}
	}
}

// packageDoc is a package's doc comment as Markdown: its text, and its
// indented lines as code.
func packageDoc(t *testing.T, dir string) string {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, f := range p.Files {
			if f.Doc != nil {
				return markdown(f.Doc)
			}
		}
	}
	return ""
}

func markdown(g *ast.CommentGroup) string {
	var b strings.Builder
	for _, line := range strings.Split(g.Text(), "\n") {
		if strings.HasPrefix(line, "\t") {
			line = "    " + strings.TrimPrefix(line, "\t")
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
