package e2e

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const autoscalingRC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 1
  selector:
    app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`

// TestAutoscalingKubectlAutoscale runs `kubectl autoscale` on a replication controller and reads the
// autoscaler back with `kubectl get hpa` (upstream's columns and TARGETS cell), `kubectl get all`
// and in both API versions, then applies the example v2 autoscaler and checks its cells.
func TestAutoscalingKubectlAutoscale(t *testing.T) {
	const ns = "e2e-hpa"
	createNamespace(t, ns)
	kubectlIn(t, autoscalingRC, "apply", "-n", ns, "-f", "-")

	if out := kubectl(t, "autoscale", "rc/web", "-n", ns, "--min=1", "--max=5", "--cpu-percent=60"); out != "horizontalpodautoscaler.autoscaling/web autoscaled\n" {
		t.Errorf("kubectl autoscale printed %q", out)
	}
	tb := parseTable(t, kubectl(t, "get", "hpa", "-n", ns))
	tb.wantHeader(t, "NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE")
	if len(tb.rows) != 1 {
		t.Fatalf("kubectl get hpa rows = %v, want one", tb.rows)
	}
	want := map[string]string{"NAME": "web", "REFERENCE": "ReplicationController/web", "TARGETS": "cpu: <unknown>/60%", "MINPODS": "1", "MAXPODS": "5", "REPLICAS": "0"}
	for col, v := range want {
		if got := tb.rows[0][col]; got != v {
			t.Errorf("kubectl get hpa: %s = %q, want %q", col, got, v)
		}
	}

	resources := parseTable(t, kubectl(t, "api-resources", "--api-group=autoscaling"))
	wantCells(t, resources.row(t, "horizontalpodautoscalers"), map[string]string{
		"SHORTNAMES": "hpa", "APIVERSION": "autoscaling/v2", "NAMESPACED": "true", "KIND": "HorizontalPodAutoscaler",
	})
	if out := kubectl(t, "get", "all", "-n", ns, "-o", "name"); !strings.Contains(out, "horizontalpodautoscaler.autoscaling/web\n") {
		t.Errorf("kubectl get all printed %q, want the autoscaler among them", out)
	}

	var v2 struct {
		APIVersion string `json:"apiVersion"`
		Spec       struct {
			Metrics []struct {
				Resource struct {
					Name   string `json:"name"`
					Target struct {
						AverageUtilization int `json:"averageUtilization"`
					} `json:"target"`
				} `json:"resource"`
			} `json:"metrics"`
		} `json:"spec"`
	}
	if err := json.Unmarshal([]byte(kubectl(t, "get", "horizontalpodautoscalers.v2.autoscaling", "web", "-n", ns, "-o", "json")), &v2); err != nil {
		t.Fatal(err)
	}
	if v2.APIVersion != "autoscaling/v2" || len(v2.Spec.Metrics) != 1 || v2.Spec.Metrics[0].Resource.Name != "cpu" || v2.Spec.Metrics[0].Resource.Target.AverageUtilization != 60 {
		t.Errorf("v2 autoscaler = %+v, want a 60%% CPU metric", v2)
	}

	manifest, err := os.ReadFile(artifact("horizontalpodautoscaler.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	kubectlIn(t, strings.Replace(string(manifest), "namespace: demo", "namespace: "+ns, 1), "apply", "-f", "-")
	tb = parseTable(t, kubectl(t, "get", "hpa", "web-memory", "-n", ns))
	if got := tb.rows[0]["TARGETS"]; got != "memory: <unknown>/200Mi, cpu: <unknown>/75%" {
		t.Errorf("TARGETS = %q, want memory: <unknown>/200Mi, cpu: <unknown>/75%%", got)
	}
	if got := tb.rows[0]["MINPODS"]; got != "2" {
		t.Errorf("MINPODS = %q, want 2", got)
	}

	var v1 struct {
		Metadata struct {
			Annotations map[string]string `json:"annotations"`
		} `json:"metadata"`
		Spec struct {
			TargetCPUUtilizationPercentage int `json:"targetCPUUtilizationPercentage"`
		} `json:"spec"`
	}
	if err := json.Unmarshal([]byte(kubectl(t, "get", "--raw", "/apis/autoscaling/v1/namespaces/"+ns+"/horizontalpodautoscalers/web-memory")), &v1); err != nil {
		t.Fatal(err)
	}
	if v1.Spec.TargetCPUUtilizationPercentage != 75 || v1.Metadata.Annotations["autoscaling.alpha.kubernetes.io/metrics"] != `[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"200Mi"}}]` ||
		!strings.Contains(v1.Metadata.Annotations["autoscaling.alpha.kubernetes.io/behavior"], `"ScaleDown":{"StabilizationWindowSeconds":120,"SelectPolicy":"Max"`) {
		t.Errorf("v1 view of the example: %+v", v1)
	}
}
