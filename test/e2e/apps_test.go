package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestAppsKubectlWorkflow drives a deployment through the kubectl commands people use most:
// create, scale, set image, rollout pause and resume, get all and explain.
func TestAppsKubectlWorkflow(t *testing.T) {
	const ns = "apps-e2e"
	createNamespace(t, ns)
	defer kubectl(t, "delete", "namespace", ns, "--wait=false")

	if out := kubectl(t, "create", "deployment", "web", "--image=nginx", "-n", ns); out != "deployment.apps/web created\n" {
		t.Fatalf("kubectl create deployment printed %q", out)
	}
	// The deployment controller creates the pod at once; without a kubelet it never becomes ready.
	kubectl(t, "wait", "--for=jsonpath={.status.updatedReplicas}=1", "deployment/web", "-n", ns, "--timeout=60s")
	tb := parseTable(t, kubectl(t, "get", "deploy", "-n", ns))
	tb.wantHeader(t, "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE")
	wantCells(t, tb.row(t, "web"), map[string]string{"READY": "0/1", "UP-TO-DATE": "1", "AVAILABLE": "0"})
	if out := kubectl(t, "get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.strategy}"); out != `{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"}` {
		t.Errorf("defaulted strategy = %s", out)
	}

	if out := kubectl(t, "scale", "deployment/web", "--replicas=3", "-n", ns); out != "deployment.apps/web scaled\n" {
		t.Errorf("kubectl scale printed %q", out)
	}
	if out := kubectl(t, "set", "image", "deployment/web", "nginx=nginx:1.27", "-n", ns); out != "deployment.apps/web image updated\n" {
		t.Errorf("kubectl set image printed %q", out)
	}
	wide := parseTable(t, kubectl(t, "get", "deployments", "-n", ns, "-o", "wide"))
	wide.wantHeader(t, "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR")
	wantCells(t, wide.row(t, "web"), map[string]string{"READY": "0/3", "CONTAINERS": "nginx", "IMAGES": "nginx:1.27", "SELECTOR": "app=web"})

	if out := kubectl(t, "rollout", "pause", "deployment/web", "-n", ns); out != "deployment.apps/web paused\n" {
		t.Errorf("kubectl rollout pause printed %q", out)
	}
	if out := kubectl(t, "get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.paused}"); out != "true" {
		t.Errorf("spec.paused = %q after pause, want true", out)
	}
	if out := kubectl(t, "rollout", "resume", "deployment/web", "-n", ns); out != "deployment.apps/web resumed\n" {
		t.Errorf("kubectl rollout resume printed %q", out)
	}
	// Created at 1, then scale, set image, pause and resume each changed the spec.
	if out := kubectl(t, "get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.paused} {.metadata.generation}"); out != " 5" {
		t.Errorf("spec.paused and generation = %q after resume, want unset and 5", out)
	}

	errOut := kubectlFails(t, "patch", "deployment", "web", "-n", ns, "--subresource=scale", "--type=merge", "-p", `{"spec":{"replicas":-1}}`)
	if want := `The Scale "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`; !strings.Contains(errOut, want) {
		t.Errorf("scaling to -1: stderr %q, want it to contain %q", errOut, want)
	}
	if out := kubectl(t, "get", "deployment", "web", "-n", ns, "--subresource=scale", "-o", "jsonpath={.spec.replicas} {.status.selector}"); out != "3 app=web" {
		t.Errorf("scale subresource = %q, want 3 app=web", out)
	}

	all := kubectl(t, "get", "all", "-n", ns)
	if !regexp.MustCompile(`(?m)^deployment\.apps/web\s+0/3\s+\d+\s+0\s+`).MatchString(all) {
		t.Errorf("kubectl get all does not list the deployment:\n%s", all)
	}

	explain := kubectl(t, "explain", "deployment.spec")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^GROUP:\s+apps$`),
		regexp.MustCompile(`(?m)^KIND:\s+Deployment$`),
		regexp.MustCompile(`(?m)^VERSION:\s+v1$`),
		regexp.MustCompile(`(?m)^\s+replicas\s+<integer>`),
		regexp.MustCompile(`(?m)^\s+selector\s+<LabelSelector> -required-`),
		regexp.MustCompile(`(?m)^\s+strategy\s+<DeploymentStrategy>`),
		regexp.MustCompile(`(?m)^\s+template\s+<PodTemplateSpec> -required-`),
	} {
		if !want.MatchString(explain) {
			t.Errorf("kubectl explain deployment.spec does not match %s:\n%s", want, explain)
		}
	}
}

// TestAppsArtifacts applies the apps examples of artifacts/ into the demo namespace and reads them
// back with kubectl get and each resource's short name, as kube-apiserver prints them. It removes
// the namespace again, so that TestArtifacts finds none.
func TestAppsArtifacts(t *testing.T) {
	apply(t, "namespace.yaml", "namespace/demo created")
	defer func() {
		kubectl(t, "delete", "-f", artifact("namespace.yaml"), "--wait=false")
		kubectl(t, "wait", "--for=delete", "namespace/demo", "--timeout=60s")
	}()

	apply(t, "deployment.yaml", "deployment.apps/nginx created")
	apply(t, "deployment.yaml", "deployment.apps/nginx unchanged")
	kubectl(t, "wait", "--for=jsonpath={.status.updatedReplicas}=3", "deployment/nginx", "-n", "demo", "--timeout=60s")
	tb := parseTable(t, kubectl(t, "get", "deploy", "-n", "demo", "-o", "wide"))
	tb.wantHeader(t, "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR")
	wantCells(t, tb.row(t, "nginx"), map[string]string{"READY": "0/3", "UP-TO-DATE": "3", "AVAILABLE": "0", "CONTAINERS": "nginx", "IMAGES": "nginx:1.27", "SELECTOR": "app=nginx"})

	apply(t, "replicaset.yaml", "replicaset.apps/cache created")
	kubectl(t, "wait", "--for=jsonpath={.status.replicas}=2", "replicaset/cache", "-n", "demo", "--timeout=60s")
	tb = parseTable(t, kubectl(t, "get", "rs", "-n", "demo", "-o", "wide"))
	tb.wantHeader(t, "NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR")
	wantCells(t, tb.row(t, "cache"), map[string]string{"DESIRED": "2", "CURRENT": "2", "READY": "0", "CONTAINERS": "redis", "IMAGES": "redis:7", "SELECTOR": "app=cache"})

	apply(t, "statefulset.yaml", "statefulset.apps/db created")
	tb = parseTable(t, kubectl(t, "get", "sts", "-n", "demo", "-o", "wide"))
	tb.wantHeader(t, "NAME", "READY", "AGE", "CONTAINERS", "IMAGES")
	wantCells(t, tb.row(t, "db"), map[string]string{"READY": "0/2", "CONTAINERS": "postgres", "IMAGES": "postgres:16"})
	if out := kubectl(t, "get", "sts", "db", "-n", "demo", "-o", "jsonpath={.spec.podManagementPolicy} {.spec.updateStrategy} {.spec.volumeClaimTemplates[0].status.phase}"); out != `OrderedReady {"rollingUpdate":{"maxUnavailable":1,"partition":0},"type":"RollingUpdate"} Pending` {
		t.Errorf("stateful set defaults = %s", out)
	}
	errOut := kubectlFails(t, "patch", "sts", "db", "-n", "demo", "--type=merge", "-p", `{"spec":{"serviceName":"other"}}`)
	if want := `The StatefulSet "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`; !strings.Contains(errOut, want) {
		t.Errorf("changing serviceName: stderr %q, want it to contain %q", errOut, want)
	}

	apply(t, "daemonset.yaml", "daemonset.apps/node-agent created")
	tb = parseTable(t, kubectl(t, "get", "ds", "-n", "demo", "-o", "wide"))
	tb.wantHeader(t, "NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE", "CONTAINERS", "IMAGES", "SELECTOR")
	wantCells(t, tb.row(t, "node-agent"), map[string]string{"DESIRED": "0", "NODE SELECTOR": "kubernetes.io/os=linux", "CONTAINERS": "agent", "IMAGES": "busybox:1.36", "SELECTOR": "app=node-agent"})
	if out := kubectl(t, "get", "ds", "node-agent", "-n", "demo", "-o", `jsonpath={.metadata.annotations.deprecated\.daemonset\.template\.generation}`); out != "1" {
		t.Errorf("template generation annotation = %q, want 1", out)
	}

	apply(t, "controllerrevision.yaml", "controllerrevision.apps/db-1 created")
	// The stateful set controls its revisions through an owner reference with its UID; the garbage
	// collector deletes a revision whose owner UID does not exist.
	uid := kubectl(t, "get", "sts", "db", "-n", "demo", "-o", "jsonpath={.metadata.uid}")
	kubectl(t, "patch", "controllerrevision", "db-1", "-n", "demo", "--type=merge", "-p",
		fmt.Sprintf(`{"metadata":{"ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","uid":%q,"controller":true}]}}`, uid))
	tb = parseTable(t, kubectl(t, "get", "controllerrevisions", "-n", "demo"))
	tb.wantHeader(t, "NAME", "CONTROLLER", "REVISION", "AGE")
	wantCells(t, tb.row(t, "db-1"), map[string]string{"CONTROLLER": "statefulset.apps/db", "REVISION": "1"})

	all := kubectl(t, "get", "all", "-n", "demo")
	for _, name := range []string{"daemonset.apps/node-agent", "deployment.apps/nginx", "replicaset.apps/cache", "statefulset.apps/db"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\s`).MatchString(all) {
			t.Errorf("kubectl get all does not list %s:\n%s", name, all)
		}
	}
	if strings.Contains(all, "controllerrevision") {
		t.Errorf("controller revisions are not in the all category upstream, but kubectl get all lists one:\n%s", all)
	}
}
