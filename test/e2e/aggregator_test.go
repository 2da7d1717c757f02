package e2e

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"
)

// apiServiceManifest registers the widgets group served on localhost:port, through an ExternalName
// Service: the API refuses loopback addresses in EndpointSlices, as upstream's does, but a name is
// the service's to give.
func apiServiceManifest(port int, caBundle []byte) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Namespace
metadata:
  name: widgets-system
---
apiVersion: v1
kind: Service
metadata:
  name: widgets
  namespace: widgets-system
spec:
  type: ExternalName
  externalName: localhost
  ports:
  - port: %[1]d
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1.widgets.kapi.test
spec:
  group: widgets.kapi.test
  version: v1
  groupPriorityMinimum: 1000
  versionPriority: 15
  caBundle: %[2]s
  service:
    namespace: widgets-system
    name: widgets
    port: %[1]d
`, port, base64.StdEncoding.EncodeToString(caBundle))
}

// TestAggregatedAPIServer registers an extension API server through an APIService and uses it with
// kubectl through kapi: the aggregator proxies with its front-proxy client certificate and the
// user's identity in request headers, discovery and OpenAPI include the group, and the APIService
// turns unavailable once the server stops.
func TestAggregatedAPIServer(t *testing.T) {
	ext := startExtensionAPIServer(t, shared.kubeconfig)
	shared.kubectlIn(t, apiServiceManifest(ext.port, ext.caBundle), "apply", "-f", "-")
	t.Cleanup(func() {
		_, _, _ = shared.exec("", nil, "delete", "apiservice", "v1.widgets.kapi.test", "--ignore-not-found")
		_, _, _ = shared.exec("", nil, "delete", "namespace", "widgets-system", "--ignore-not-found", "--wait=false")
	})
	if _, _, err := shared.exec("", nil, "wait", "--for=condition=Available", "apiservice/v1.widgets.kapi.test", "--timeout=60s"); err != nil {
		t.Fatalf("the APIService did not become available: %v\n%s", err, shared.kubectl(t, "get", "apiservice", "v1.widgets.kapi.test", "-o", "yaml"))
	}

	shared.kubectlIn(t, "apiVersion: widgets.kapi.test/v1\nkind: Widget\nmetadata:\n  name: sprocket\nspec:\n  size: large\n", "create", "-n", "default", "-f", "-")
	out := shared.kubectlEventually(t, 30*time.Second, "get", "widgets", "-n", "default")
	if !strings.Contains(out, "sprocket") || !strings.HasPrefix(out, "NAME") {
		t.Errorf("kubectl get widgets printed:\n%s", out)
	}
	createdBy := shared.kubectl(t, "get", "widget", "sprocket", "-n", "default", "-o", "jsonpath={.spec.createdBy} {.spec.creatorsGroups}")
	if !strings.HasPrefix(createdBy, "kubernetes-admin ") || !strings.Contains(createdBy, "system:masters") {
		t.Errorf("the extension server saw the creator as %q, want kubernetes-admin in system:masters", createdBy)
	}
	if out := shared.kubectl(t, "api-resources", "--api-group=widgets.kapi.test"); !strings.Contains(out, "widgets") || !strings.Contains(out, "widgets.kapi.test/v1") {
		t.Errorf("kubectl api-resources --api-group=widgets.kapi.test printed:\n%s", out)
	}
	explain := shared.kubectlEventually(t, time.Minute, "explain", "widgets.spec")
	if !strings.Contains(explain, "createdBy") || !strings.Contains(explain, "WidgetSpec is a widget's size") {
		t.Errorf("kubectl explain widgets.spec printed:\n%s", explain)
	}

	ext.stop()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		status := shared.kubectl(t, "get", "apiservice", "v1.widgets.kapi.test", "-o", `jsonpath={.status.conditions[?(@.type=="Available")].status} {.status.conditions[?(@.type=="Available")].reason}`)
		if strings.HasPrefix(status, "False ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("APIService still %q two minutes after its server stopped, want Available False", status)
		}
		time.Sleep(time.Second)
	}
	if out := shared.kubectl(t, "get", "apiservice", "v1.widgets.kapi.test"); !strings.Contains(out, "widgets-system/widgets") || !strings.Contains(out, "False") {
		t.Errorf("kubectl get apiservice printed:\n%s", out)
	}
}
