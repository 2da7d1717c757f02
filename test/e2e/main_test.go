// Package e2e tests the built kapi binary the way a user meets it: a real kubectl from PATH, pointed at
// the admin kubeconfig kapi writes, asserting on what kubectl prints.
package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// shared is the kapi process the package's tests talk to, unless a test needs a server of its own.
var shared *server

// kapiBin is the absolute path of the kapi binary under test.
var kapiBin string

// repoRoot is the directory holding go.mod and artifacts/.
var repoRoot string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := exec.LookPath("kubectl"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: these tests drive the real kubectl, which is not in PATH:", err)
		return 1
	}
	var err error
	if repoRoot, err = findRepoRoot(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	if kapiBin, err = kapiBinary(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "kapi-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	port, err := freePort()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	shared, err = startServer(kapiBin, dir, port)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	code := m.Run()
	if err := shared.stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		code = 1
	}
	return code
}

// kapiBinary returns $KAPI_BIN, or builds bin/kapi with `make build` so that it reports the release
// version kubectl expects.
func kapiBinary() (string, error) {
	if bin := os.Getenv("KAPI_BIN"); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			return "", err
		}
		if _, err := os.Stat(abs); err != nil {
			return "", fmt.Errorf("KAPI_BIN: %w", err)
		}
		return abs, nil
	}
	cmd := exec.Command("make", "-C", repoRoot, "build")
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("make build: %w", err)
	}
	return filepath.Join(repoRoot, "bin", "kapi"), nil
}

// findRepoRoot walks up from the package directory to the module root.
func findRepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// artifact is the path of an example manifest in artifacts/.
func artifact(name string) string {
	return filepath.Join(repoRoot, "artifacts", name)
}

// kubectl runs kubectl against the shared server and returns its stdout; it fails the test, showing
// stderr, when kubectl fails.
func kubectl(t *testing.T, args ...string) string {
	t.Helper()
	return shared.kubectl(t, args...)
}

// kubectlFails runs kubectl against the shared server, fails the test if kubectl succeeds, and
// returns its stderr.
func kubectlFails(t *testing.T, args ...string) string {
	t.Helper()
	return shared.kubectlFails(t, args...)
}

// kubectlIn is kubectl with stdin, for `apply -f -` and friends.
func kubectlIn(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	return shared.kubectlIn(t, stdin, args...)
}

// kubectlInFails is kubectlFails with stdin.
func kubectlInFails(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	return shared.kubectlInFails(t, stdin, args...)
}
