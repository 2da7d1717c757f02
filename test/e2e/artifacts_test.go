package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// TestArtifacts walks through artifacts/ as the README suggests: apply each manifest, look at it
// with kubectl get, then tear the demo namespace down. The steps share the demo namespace, so they
// run in order and no other test uses it.
func TestArtifacts(t *testing.T) {
	if !t.Run("namespace", artifactNamespace) {
		t.FailNow()
	}
	t.Run("pod", artifactPod)
	t.Run("service", artifactService)
	t.Run("node", artifactNode)
	t.Run("replicationcontroller", artifactReplicationController)
	t.Run("crd", artifactCRD)
	t.Run("config and storage", artifactConfigAndStorage)
	t.Run("delete pod", artifactDeletePod)
	t.Run("delete namespace", artifactDeleteNamespace)
}

// apply applies one file of artifacts/ and checks kubectl's one-line report.
func apply(t *testing.T, file, want string) {
	t.Helper()
	if out := kubectl(t, "apply", "-f", artifact(file)); out != want+"\n" {
		t.Fatalf("kubectl apply -f artifacts/%s printed %q, want %q", file, out, want)
	}
}

func artifactNamespace(t *testing.T) {
	apply(t, "namespace.yaml", "namespace/demo created")
	tb := parseTable(t, kubectl(t, "get", "ns", "demo"))
	tb.wantHeader(t, "NAME", "STATUS", "AGE")
	wantCells(t, tb.row(t, "demo"), map[string]string{"STATUS": "Active"})
	// Pods need the namespace's default ServiceAccount, which the controller adds a moment later.
	kubectl(t, "wait", "--for=create", "serviceaccount/default", "-n", "demo", "--timeout=60s")
}

func artifactPod(t *testing.T) {
	apply(t, "pod.yaml", "pod/nginx created")
	apply(t, "pod.yaml", "pod/nginx unchanged")

	tb := parseTable(t, kubectl(t, "get", "pods", "-n", "demo"))
	tb.wantHeader(t, "NAME", "READY", "STATUS", "RESTARTS", "AGE")
	wantCells(t, tb.row(t, "nginx"), map[string]string{"READY": "0/1", "STATUS": "Pending", "RESTARTS": "0"})

	wide := parseTable(t, kubectl(t, "get", "pods", "-n", "demo", "-o", "wide"))
	wide.wantHeader(t, "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES")
	wantCells(t, wide.row(t, "nginx"), map[string]string{
		"STATUS": "Pending", "IP": "<none>", "NODE": "<none>", "NOMINATED NODE": "<none>", "READINESS GATES": "<none>",
	})

	var pod corev1.Pod
	out := kubectl(t, "get", "pod", "nginx", "-n", "demo", "-o", "yaml")
	if err := yaml.Unmarshal([]byte(out), &pod); err != nil {
		t.Fatalf("kubectl get pod -o yaml: %v\n%s", err, out)
	}
	if len(pod.Spec.Containers) != 1 || len(pod.Spec.Containers[0].Ports) != 1 || pod.Spec.Containers[0].ReadinessProbe == nil ||
		pod.Spec.Containers[0].ReadinessProbe.HTTPGet == nil {
		t.Fatalf("pod does not have pod.yaml's container, port and readiness probe:\n%s", out)
	}
	c := pod.Spec.Containers[0]
	probe := c.ReadinessProbe
	for _, f := range []struct {
		field     string
		got, want any
	}{
		{"spec.restartPolicy", pod.Spec.RestartPolicy, corev1.RestartPolicyAlways},
		{"spec.dnsPolicy", pod.Spec.DNSPolicy, corev1.DNSClusterFirst},
		{"spec.schedulerName", pod.Spec.SchedulerName, "default-scheduler"},
		{"spec.terminationGracePeriodSeconds", deref(pod.Spec.TerminationGracePeriodSeconds), int64(30)},
		{"spec.enableServiceLinks", deref(pod.Spec.EnableServiceLinks), true},
		{"spec.securityContext set", pod.Spec.SecurityContext != nil, true},
		{"spec.containers[0].imagePullPolicy", c.ImagePullPolicy, corev1.PullIfNotPresent},
		{"spec.containers[0].terminationMessagePath", c.TerminationMessagePath, "/dev/termination-log"},
		{"spec.containers[0].terminationMessagePolicy", c.TerminationMessagePolicy, corev1.TerminationMessageReadFile},
		{"spec.containers[0].ports[0].protocol", c.Ports[0].Protocol, corev1.ProtocolTCP},
		{"spec.containers[0].readinessProbe.httpGet.scheme", probe.HTTPGet.Scheme, corev1.URISchemeHTTP},
		{"spec.containers[0].readinessProbe.timeoutSeconds", probe.TimeoutSeconds, int32(1)},
		{"spec.containers[0].readinessProbe.successThreshold", probe.SuccessThreshold, int32(1)},
		{"spec.containers[0].readinessProbe.failureThreshold", probe.FailureThreshold, int32(3)},
		{"spec.containers[0].readinessProbe.periodSeconds", probe.PeriodSeconds, int32(5)},
		{"status.phase", pod.Status.Phase, corev1.PodPending},
		{"status.qosClass", pod.Status.QOSClass, corev1.PodQOSBurstable},
	} {
		if f.got != f.want {
			t.Errorf("kubectl get pod nginx -o yaml: %s = %v, want %v", f.field, f.got, f.want)
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func artifactService(t *testing.T) {
	apply(t, "service.yaml", "service/nginx created")

	tb := parseTable(t, kubectl(t, "get", "svc", "-n", "demo"))
	tb.wantHeader(t, "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE")
	wantCells(t, tb.row(t, "nginx"), map[string]string{
		"TYPE": "ClusterIP", "CLUSTER-IP": "10.0.0.10", "EXTERNAL-IP": "<none>", "PORT(S)": "80/TCP",
	})

	wide := parseTable(t, kubectl(t, "get", "svc", "-n", "demo", "-o", "wide"))
	wide.wantHeader(t, "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR")
	wantCells(t, wide.row(t, "nginx"), map[string]string{"SELECTOR": "app=nginx"})

	var svc corev1.Service
	out := kubectl(t, "get", "svc", "nginx", "-n", "demo", "-o", "yaml")
	if err := yaml.Unmarshal([]byte(out), &svc); err != nil {
		t.Fatalf("kubectl get svc -o yaml: %v\n%s", err, out)
	}
	if svc.Spec.SessionAffinity != corev1.ServiceAffinityNone {
		t.Errorf("spec.sessionAffinity = %q, want None", svc.Spec.SessionAffinity)
	}
	if p := deref(svc.Spec.InternalTrafficPolicy); p != corev1.ServiceInternalTrafficPolicyCluster {
		t.Errorf("spec.internalTrafficPolicy = %v, want Cluster", p)
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Protocol != corev1.ProtocolTCP {
		t.Errorf("spec.ports = %+v, want one TCP port", svc.Spec.Ports)
	}
}

func artifactNode(t *testing.T) {
	apply(t, "node.yaml", "node/worker-1 created")

	tb := parseTable(t, kubectl(t, "get", "nodes"))
	tb.wantHeader(t, "NAME", "STATUS", "ROLES", "AGE", "VERSION")
	// Nothing has reported on the node yet: no Ready condition, no kubelet version.
	wantCells(t, tb.row(t, "worker-1"), map[string]string{"STATUS": "Unknown", "ROLES": "worker", "VERSION": ""})

	// What a kubelet would report, sent the way it sends it: to the status subresource.
	status := `{"status":{` +
		`"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status"}],` +
		`"addresses":[{"type":"InternalIP","address":"192.168.1.11"},{"type":"Hostname","address":"worker-1"}],` +
		`"nodeInfo":{"kubeletVersion":"v1.37.2","osImage":"Ubuntu 24.04.2 LTS","kernelVersion":"6.8.0-60-generic",` +
		`"containerRuntimeVersion":"containerd://2.1.1","operatingSystem":"linux","architecture":"amd64"}}}`
	if out := kubectl(t, "patch", "node", "worker-1", "--subresource=status", "--type=merge", "-p", status); out != "node/worker-1 patched\n" {
		t.Errorf("kubectl patch node --subresource=status printed %q", out)
	}
	wide := parseTable(t, kubectl(t, "get", "nodes", "-o", "wide"))
	wide.wantHeader(t, "NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME")
	wantCells(t, wide.row(t, "worker-1"), map[string]string{
		"STATUS": "Ready", "ROLES": "worker", "VERSION": "v1.37.2", "INTERNAL-IP": "192.168.1.11", "EXTERNAL-IP": "<none>",
		"OS-IMAGE": "Ubuntu 24.04.2 LTS", "KERNEL-VERSION": "6.8.0-60-generic (amd64)", "CONTAINER-RUNTIME": "containerd://2.1.1",
	})
}

func artifactReplicationController(t *testing.T) {
	apply(t, "replicationcontroller.yaml", "replicationcontroller/web created")
	kubectl(t, "wait", "--for=jsonpath={.status.replicas}=2", "rc/web", "-n", "demo", "--timeout=60s")

	tb := parseTable(t, kubectl(t, "get", "rc", "-n", "demo"))
	tb.wantHeader(t, "NAME", "DESIRED", "CURRENT", "READY", "AGE")
	wantCells(t, tb.row(t, "web"), map[string]string{"DESIRED": "2", "CURRENT": "2", "READY": "0"})

	if out := kubectl(t, "scale", "rc", "web", "-n", "demo", "--replicas=3"); out != "replicationcontroller/web scaled\n" {
		t.Errorf("kubectl scale printed %q", out)
	}
	kubectl(t, "wait", "--for=jsonpath={.status.replicas}=3", "rc/web", "-n", "demo", "--timeout=60s")
	wide := parseTable(t, kubectl(t, "get", "rc", "-n", "demo", "-o", "wide"))
	wide.wantHeader(t, "NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR")
	wantCells(t, wide.row(t, "web"), map[string]string{
		"DESIRED": "3", "CURRENT": "3", "READY": "0", "CONTAINERS": "web", "IMAGES": "nginx:1.27", "SELECTOR": "app=web",
	})
}

func artifactCRD(t *testing.T) {
	apply(t, "crd.yaml", "customresourcedefinition.apiextensions.k8s.io/widgets.example.kapi.dev created")
	if out := kubectl(t, "wait", "--for", "condition=established", "--timeout=60s", "crd/widgets.example.kapi.dev"); out !=
		"customresourcedefinition.apiextensions.k8s.io/widgets.example.kapi.dev condition met\n" {
		t.Errorf("kubectl wait printed %q", out)
	}

	resources := parseTable(t, kubectl(t, "api-resources", "--api-group=example.kapi.dev"))
	resources.wantHeader(t, "NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND")
	wantCells(t, resources.row(t, "widgets"), map[string]string{
		"SHORTNAMES": "wg", "APIVERSION": "example.kapi.dev/v1", "NAMESPACED": "true", "KIND": "Widget",
	})

	apply(t, "widget.yaml", "widget.example.kapi.dev/sprocket created")
	// The schema defaults color.
	kubectlIn(t, "apiVersion: example.kapi.dev/v1\nkind: Widget\nmetadata:\n  name: gizmo\n  namespace: demo\nspec:\n  size: 1\n",
		"apply", "-f", "-")

	tb := parseTable(t, kubectl(t, "get", "widgets", "-n", "demo"))
	tb.wantHeader(t, "NAME", "SIZE", "COLOR", "AGE")
	wantCells(t, tb.row(t, "sprocket"), map[string]string{"SIZE": "3", "COLOR": "green"})
	wantCells(t, tb.row(t, "gizmo"), map[string]string{"SIZE": "1", "COLOR": "blue"})

	byShortName := parseTable(t, kubectl(t, "get", "wg", "sprocket", "-n", "demo"))
	wantCells(t, byShortName.row(t, "sprocket"), map[string]string{"SIZE": "3"})

	errOut := kubectlInFails(t, "apiVersion: example.kapi.dev/v1\nkind: Widget\nmetadata:\n  name: tiny\n  namespace: demo\nspec:\n  size: 0\n",
		"apply", "-f", "-")
	if want := `The Widget "tiny" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1`; !strings.Contains(errOut, want) {
		t.Errorf("applying a widget of size 0: stderr %q, want it to contain %q", errOut, want)
	}

	// The CRD's OpenAPI is published a little after the CRD is established, as in kube-apiserver.
	explain := shared.kubectlEventually(t, 15*time.Second, "explain", "widgets.spec")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^KIND:\s+Widget$`),
		regexp.MustCompile(`(?m)^\s+size\s+<integer> -required-`),
		regexp.MustCompile(`(?m)^\s+color\s+<string>`),
	} {
		if !want.MatchString(explain) {
			t.Errorf("kubectl explain widgets.spec does not match %s:\n%s", want, explain)
		}
	}
}

func artifactDeletePod(t *testing.T) {
	// A pod no node has taken is deleted at once, without a grace period.
	if out := kubectl(t, "delete", "pod", "nginx", "-n", "demo"); !strings.HasPrefix(out, `pod "nginx" deleted`) {
		t.Errorf("kubectl delete pod printed %q", out)
	}
	errOut := kubectlFails(t, "get", "pod", "nginx", "-n", "demo")
	if want := `Error from server (NotFound): pods "nginx" not found`; !strings.Contains(errOut, want) {
		t.Errorf("kubectl get pod after delete: stderr %q, want it to contain %q", errOut, want)
	}
}

// artifactDeleteNamespace deletes the demo namespace while a pod with a finalizer holds it open, so
// the namespace is seen Terminating, and then releases the pod, after which kapi's namespace deleter
// removes the namespace. The pod requests cpu and limits memory, which the demo quota obliges.
func artifactDeleteNamespace(t *testing.T) {
	kubectlIn(t, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: held\n  namespace: demo\n  finalizers: [kapi.dev/hold]\nspec:\n  containers:\n  - name: main\n    image: nginx:1.27\n"+
		"    resources:\n      requests: {cpu: 10m}\n      limits: {memory: 64Mi}\n",
		"apply", "-f", "-")
	if out := kubectl(t, "delete", "ns", "demo", "--wait=false"); !strings.HasPrefix(out, `namespace "demo" deleted`) {
		t.Errorf("kubectl delete ns printed %q", out)
	}
	tb := parseTable(t, kubectl(t, "get", "ns", "demo"))
	wantCells(t, tb.row(t, "demo"), map[string]string{"STATUS": "Terminating"})

	errOut := kubectlFails(t, "run", "late", "--image=nginx:1.27", "-n", "demo")
	if want := `Error from server (Forbidden): pods "late" is forbidden: unable to create new content in namespace demo because it is being terminated`; !strings.Contains(errOut, want) {
		t.Errorf("kubectl run in a terminating namespace: stderr %q, want it to contain %q", errOut, want)
	}

	kubectl(t, "patch", "pod", "held", "-n", "demo", "--type=json", "-p", `[{"op":"remove","path":"/metadata/finalizers"}]`)
	kubectl(t, "wait", "--for=delete", "namespace/demo", "--timeout=60s")
	errOut = kubectlFails(t, "get", "ns", "demo")
	if want := `Error from server (NotFound): namespaces "demo" not found`; !strings.Contains(errOut, want) {
		t.Errorf("kubectl get ns after the namespace was emptied: stderr %q, want it to contain %q", errOut, want)
	}
}
