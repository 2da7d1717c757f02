package app

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// kapiOnlyFlags are kapi's flags that kube-apiserver does not have: kube-controller-manager's, for
// the controllers kapi runs, and the embedded etcd's.
var kapiOnlyFlags = nameSet(
	"cluster-signing-duration", "controllers", "data-dir", "embedded-etcd-client-url",
	"large-cluster-size-threshold", "leader-elect", "leader-elect-lease-duration",
	"leader-elect-renew-deadline", "leader-elect-resource-lock", "leader-elect-resource-name",
	"leader-elect-resource-namespace", "leader-elect-retry-period", "node-eviction-rate",
	"node-monitor-grace-period", "node-monitor-period", "node-startup-grace-period",
	"secondary-node-eviction-rate", "terminated-pod-gc-threshold", "unhealthy-zone-threshold",
	// cobra's --help, which kube-apiserver's list leaves out.
	"help",
)

// helpFlag is a flag's name at the start of a --help line, after its shorthand if it has one.
var helpFlag = regexp.MustCompile(`^\s+(?:-\w, )?--([a-z0-9][a-z0-9-]*)`)

// TestHelpMatchesKubeAPIServer runs `kapi --help`, takes the flag names it prints and compares them
// with the flags kube-apiserver v1.37.2 prints (testdata, one name a line).
func TestHelpMatchesKubeAPIServer(t *testing.T) {
	data, err := os.ReadFile("testdata/kube-apiserver-flags-v1.37.2.txt")
	if err != nil {
		t.Fatal(err)
	}
	upstream := nameSet(strings.Fields(string(data))...)
	cmd := NewCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, line := range strings.Split(out.String(), "\n") {
		if m := helpFlag.FindStringSubmatch(line); m != nil {
			shown[m[1]] = true
		}
	}
	for name := range upstream {
		if !shown[name] {
			t.Errorf("kube-apiserver's --%s is missing from kapi --help", name)
		}
	}
	for name := range shown {
		if !upstream[name] && !kapiOnlyFlags[name] {
			t.Errorf("--%s is neither kube-apiserver's nor one of kapi's own", name)
		}
	}
}

// nameSet is names as a set.
func nameSet(names ...string) map[string]bool {
	out := map[string]bool{}
	for _, n := range names {
		out[n] = true
	}
	return out
}
