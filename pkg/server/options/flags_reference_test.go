package options

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/pflag"
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
)

// TestFlagsMatchKubeAPIServer compares the flags kapi shows in --help with the flags kube-apiserver
// v1.37.2 shows (testdata, one name a line).
func TestFlagsMatchKubeAPIServer(t *testing.T) {
	data, err := os.ReadFile("testdata/kube-apiserver-flags-v1.37.2.txt")
	if err != nil {
		t.Fatal(err)
	}
	upstream := nameSet(strings.Fields(string(data))...)
	shown := map[string]bool{}
	fs := pflag.NewFlagSet("kapi", pflag.ContinueOnError)
	NewOptions(testControllers).AddFlags(fs)
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			shown[f.Name] = true
		}
	})
	for name := range upstream {
		if !shown[name] {
			t.Errorf("kube-apiserver's --%s is missing from kapi's --help", name)
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
