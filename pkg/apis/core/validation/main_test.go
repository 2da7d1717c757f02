package validation

import (
	"os"
	"testing"
)

// TestMain runs the package's tests with privileged containers allowed, as kapi runs under
// --allow-privileged=true; the tests of the policy itself turn it off.
func TestMain(m *testing.M) {
	SetAllowPrivileged(true)
	os.Exit(m.Run())
}
