// Package floors keeps kapi's layering: the API types stand alone, the registries never reach for the
// server assembly or the command, nothing in the library imports the command, and nothing imports
// the tests.
package floors

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/kapi-dev/kapi"

// pkg is what `go list -json` says of one package.
type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// rule forbids the packages under from importing, directly or through other kapi packages, the kapi
// packages that forbidden reports.
type rule struct {
	name      string
	under     string
	forbidden func(imported string) bool
	withTests bool
}

func hasPrefix(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+"/")
}

var rules = []rule{
	{
		name:  "pkg/apis imports only pkg/apis and pkg/generated",
		under: module + "/pkg/apis",
		forbidden: func(p string) bool {
			return !hasPrefix(p, module+"/pkg/apis") && !hasPrefix(p, module+"/pkg/generated")
		},
	},
	{
		name:      "pkg/registry does not import pkg/server or cmd",
		under:     module + "/pkg/registry",
		forbidden: func(p string) bool { return hasPrefix(p, module+"/pkg/server") || hasPrefix(p, module+"/cmd") },
	},
	{
		name:      "pkg does not import cmd",
		under:     module + "/pkg",
		forbidden: func(p string) bool { return hasPrefix(p, module+"/cmd") },
		withTests: true,
	},
	{
		name:      "nothing imports test",
		under:     module,
		forbidden: func(p string) bool { return hasPrefix(p, module+"/test") },
		withTests: true,
	},
}

func TestImportFloors(t *testing.T) {
	pkgs := listPackages(t)
	if len(pkgs) < 20 {
		t.Fatalf("go list found only %d kapi packages", len(pkgs))
	}
	for _, r := range rules {
		t.Run(r.name, func(t *testing.T) {
			for _, p := range pkgs {
				if !hasPrefix(p.ImportPath, r.under) {
					continue
				}
				if path := violation(pkgs, p, r); path != nil {
					t.Errorf("%s imports %s", p.ImportPath, strings.Join(path, " → "))
				}
			}
		})
	}
}

// violation returns the chain of kapi imports from p to a forbidden package, or nil. The test files'
// own imports count when the rule says so; what they import counts through its non-test imports.
func violation(pkgs map[string]pkg, p pkg, r rule) []string {
	direct := slices.Clone(p.Imports)
	if r.withTests {
		direct = append(append(direct, p.TestImports...), p.XTestImports...)
	}
	seen := map[string]bool{p.ImportPath: true}
	var walk func(imports []string) []string
	walk = func(imports []string) []string {
		for _, imp := range imports {
			if !hasPrefix(imp, module) || seen[imp] {
				continue
			}
			seen[imp] = true
			if r.forbidden(imp) {
				return []string{imp}
			}
			if rest := walk(pkgs[imp].Imports); rest != nil {
				return append([]string{imp}, rest...)
			}
		}
		return nil
	}
	return walk(direct)
}

func listPackages(t *testing.T) map[string]pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Imports,TestImports,XTestImports", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			t.Fatalf("go list: %v\n%s", err, exitErr.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[p.ImportPath] = p
	}
	return pkgs
}
