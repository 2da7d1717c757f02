package integration

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/cmd/kapi/app"
	kapiserver "github.com/kapi-dev/kapi/pkg/server"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// TestRuntimeConfigAndControllers starts a kapi with one group and one resource switched off and the
// namespace controller not running, and checks what a client sees of each.
func TestRuntimeConfigAndControllers(t *testing.T) {
	s := startServer(t,
		"--runtime-config=events.k8s.io/v1=false,authentication.k8s.io/v1/selfsubjectreviews=false",
		"--controllers=*,-namespace")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)

	groups, resources, err := client.Discovery().ServerGroupsAndResources()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if g.Name == "events.k8s.io" {
			t.Errorf("discovery lists the disabled group events.k8s.io: %+v", g)
		}
	}
	served := map[string][]string{}
	for _, list := range resources {
		for _, r := range list.APIResources {
			served[list.GroupVersion] = append(served[list.GroupVersion], r.Name)
		}
	}
	if got := served["authentication.k8s.io/v1"]; !slices.Contains(got, "tokenreviews") || slices.Contains(got, "selfsubjectreviews") {
		t.Errorf("authentication.k8s.io/v1 serves %v, want tokenreviews without selfsubjectreviews", got)
	}
	if got := served["v1"]; !slices.Contains(got, "namespaces") {
		t.Errorf("v1 serves %v, want the core resources", got)
	}
	for _, path := range []string{"/apis/events.k8s.io/v1/events", "/apis/events.k8s.io/v1", "/apis/events.k8s.io"} {
		if got := statusOf(t, s.ClientConfig, path); got != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, got)
		}
	}
	if code, body := sendRaw(t, s.ClientConfig, http.MethodPost, "/apis/authentication.k8s.io/v1/selfsubjectreviews", "application/json",
		[]byte(`{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}`)); code != http.StatusNotFound {
		t.Errorf("POST selfsubjectreviews = %d %s, want 404", code, body)
	}
	if got := statusOf(t, s.ClientConfig, "/api/v1/events"); got != http.StatusOK {
		t.Errorf("GET /api/v1/events = %d, want core events still served", got)
	}

	// With the namespace controller off a deleted namespace keeps its content and stays Terminating,
	// while the service account controller, still on, works: once it has given a later namespace its
	// default ServiceAccount, the earlier deletion has had as long to happen.
	ctx := context.Background()
	createNamespace(t, client, "stays-terminating")
	if err := client.CoreV1().Namespaces().Delete(ctx, "stays-terminating", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	createNamespace(t, client, "gets-a-service-account")
	eventually(t, func() error {
		_, err := client.CoreV1().ServiceAccounts("gets-a-service-account").Get(ctx, "default", metav1.GetOptions{})
		return err
	})
	ns, err := client.CoreV1().Namespaces().Get(ctx, "stays-terminating", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ns.Status.Phase != corev1.NamespaceTerminating || !slices.Contains(ns.Spec.Finalizers, corev1.FinalizerKubernetes) {
		t.Errorf("deleted namespace without its controller: phase %s, finalizers %v; want Terminating with %s", ns.Status.Phase, ns.Spec.Finalizers, corev1.FinalizerKubernetes)
	}
}

// TestInvalidFlagsLeaveNothingOnDisk runs kapi's command with one bad flag at a time: each fails with
// an error that names the flag, before the data directory or the PKI exist.
func TestInvalidFlagsLeaveNothingOnDisk(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--service-cluster-ip-range=10.0.0.0/33"}, "--service-cluster-ip-range"},
		{[]string{"--enable-admission-plugins=Bogus"}, `enable-admission-plugins plugin "Bogus" is unknown`},
		{[]string{"--authorization-mode=ABAC", "--authorization-policy-file=/nonexistent/policy.jsonl"}, "--authorization-policy-file: stat /nonexistent/policy.jsonl"},
		{[]string{"--controllers=*,-bogus"}, `--controllers: "bogus" is not in the list of known controllers`},
		{[]string{"--runtime-config=bogus.example.com/v1=true"}, "--runtime-config: unknown api groups bogus.example.com/v1"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			o := options.NewOptions(kapiserver.KnownControllers())
			fs := pflag.NewFlagSet("kapi", pflag.ContinueOnError)
			o.AddFlags(fs)
			if err := fs.Parse(append([]string{"--data-dir=" + dir, "--secure-port=0"}, tt.args...)); err != nil {
				t.Fatal(err)
			}
			err := app.Run(context.Background(), o)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("kapi %v: err = %v, want one line containing %q", tt.args, err, tt.want)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("kapi %v left %s behind (stat: %v)", tt.args, dir, err)
			}
		})
	}
}
