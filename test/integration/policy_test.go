package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"
)

func policyPDB(name string, minAvailable int32) *policyv1.PodDisruptionBudget {
	return &policyv1.PodDisruptionBudget{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: policyv1.PodDisruptionBudgetSpec{
			MinAvailable: ptr(intstr.FromInt32(minAvailable)),
			Selector:     &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
		},
	}
}

func TestPolicyPodDisruptionBudgets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		client kubernetes.Interface
	}{{"json", jsonClient(t)}, {"protobuf", protobufClient(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			ns := "policy-pdb-" + tc.name
			createNamespace(t, tc.client, ns)
			pdbs := tc.client.PolicyV1().PodDisruptionBudgets(ns)
			ctx := context.Background()
			in := policyPDB("web", 2)
			in.Status.DisruptionsAllowed = 5
			pdb, err := pdbs.Create(ctx, in, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if pdb.Spec.UnhealthyPodEvictionPolicy != nil || pdb.Status.DisruptionsAllowed != 0 || pdb.Generation != 1 {
				t.Errorf("created %+v, generation %d; want no eviction policy default, an empty status and generation 1", pdb, pdb.Generation)
			}

			both := policyPDB("both", 1)
			both.Spec.MaxUnavailable = ptr(intstr.FromString("10%"))
			_, err = pdbs.Create(ctx, both, metav1.CreateOptions{})
			expectInvalid(t, err, "policy", "PodDisruptionBudget", "both",
				`spec: Invalid value: {"MinAvailable":1,"Selector":{"matchLabels":{"app":"web"}},"MaxUnavailable":"10%","UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set`)
			over := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "over"}, Spec: policyv1.PodDisruptionBudgetSpec{
				MaxUnavailable: ptr(intstr.FromString("150%")), UnhealthyPodEvictionPolicy: ptr(policyv1.UnhealthyPodEvictionPolicyType("Never")),
			}}
			_, err = pdbs.Create(ctx, over, metav1.CreateOptions{})
			expectInvalid(t, err, "policy", "PodDisruptionBudget", "over",
				`spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%`,
				`spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"`)

			// The disruption controller writes the status meanwhile, so each write reads first.
			err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
				if pdb, err = pdbs.Get(ctx, "web", metav1.GetOptions{}); err != nil {
					return err
				}
				pdb.Spec.MinAvailable = ptr(intstr.FromString("50%"))
				pdb, err = pdbs.Update(ctx, pdb, metav1.UpdateOptions{})
				return err
			})
			if err != nil || pdb.Generation != 2 {
				t.Fatalf("spec update: generation %d, %v; want 2, the spec being mutable", pdb.Generation, err)
			}
			err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
				if pdb, err = pdbs.Get(ctx, "web", metav1.GetOptions{}); err != nil {
					return err
				}
				pdb.Status.ExpectedPods = -1
				_, err = pdbs.UpdateStatus(ctx, pdb, metav1.UpdateOptions{})
				return err
			})
			expectInvalid(t, err, "policy", "PodDisruptionBudget", "web", "status.expectedPods: Invalid value: -1: must be greater than or equal to 0")
			// With no pod selected, the controller allows no disruption.
			waitBudget(t, tc.client, ns, "web", 0, 0, 0, 0, policyv1.InsufficientPodsReason)

			cols, rows := tableCells(t, "/apis/policy/v1/namespaces/"+ns+"/poddisruptionbudgets", "")
			if got := strings.Join(cols, ","); got != "Name,Min Available,Max Unavailable,Allowed Disruptions,Age" {
				t.Errorf("columns = %s", got)
			}
			if len(rows) != 1 || strings.Join(rows[0][:4], ",") != "web,50%,N/A,0" {
				t.Errorf("rows = %q", rows)
			}
		})
	}
}

// policyRunningPod creates a pod labelled app=web on node (if any) and reports it Running, and Ready
// when ready is true, as a kubelet would.
func policyRunningPod(t *testing.T, client kubernetes.Interface, ns, name, node string, ready bool) {
	t.Helper()
	ctx := context.Background()
	pod := simplePod(name, "nginx:1.27")
	pod.Labels["app"] = "web"
	pod.Spec.NodeName = node
	created, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	created.Status.Phase = corev1.PodRunning
	created.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: status}}
	if _, err := client.CoreV1().Pods(ns).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// policyBudget creates a budget over app=web requiring two available pods, changed by mutate, and
// waits until the disruption controller has computed its status.
func policyBudget(t *testing.T, client kubernetes.Interface, ns, name string, mutate func(*policyv1.PodDisruptionBudget)) {
	t.Helper()
	in := policyPDB(name, 2)
	mutate(in)
	if _, err := client.PolicyV1().PodDisruptionBudgets(ns).Create(context.Background(), in, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		pdb, err := client.PolicyV1().PodDisruptionBudgets(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if pdb.Status.ObservedGeneration != pdb.Generation {
			return fmt.Errorf("budget %s observed generation %d of %d", name, pdb.Status.ObservedGeneration, pdb.Generation)
		}
		return nil
	})
}

func evict(client kubernetes.Interface, ns, name string, dryRun bool) error {
	eviction := &policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if dryRun {
		eviction.DeleteOptions = &metav1.DeleteOptions{DryRun: []string{metav1.DryRunAll}}
	}
	return client.PolicyV1().Evictions(ns).Evict(context.Background(), eviction)
}

func podExists(t *testing.T, client kubernetes.Interface, ns, name string) bool {
	t.Helper()
	_, err := client.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return true
}

func TestPolicyEvictionWithoutBudget(t *testing.T) {
	client := protobufClient(t)
	createNamespace(t, client, "policy-evict-free")
	policyRunningPod(t, client, "policy-evict-free", "web-1", "", true)
	if err := evict(client, "policy-evict-free", "web-1", true); err != nil {
		t.Fatalf("dry-run eviction: %v", err)
	}
	if !podExists(t, client, "policy-evict-free", "web-1") {
		t.Fatal("a dry-run eviction deleted the pod")
	}
	if err := evict(client, "policy-evict-free", "web-1", false); err != nil {
		t.Fatalf("eviction: %v", err)
	}
	if podExists(t, client, "policy-evict-free", "web-1") {
		t.Error("the evicted unscheduled pod still exists")
	}
	if err := evict(client, "policy-evict-free", "web-1", false); !apierrors.IsNotFound(err) {
		t.Errorf("evicting a missing pod: %v, want 404", err)
	}
}

func TestPolicyEvictionRefusedByBudget(t *testing.T) {
	client := jsonClient(t)
	const ns = "policy-evict-refused"
	createNamespace(t, client, ns)
	policyRunningPod(t, client, ns, "web-1", "", true)
	policyBudget(t, client, ns, "web", func(*policyv1.PodDisruptionBudget) {})
	waitBudget(t, client, ns, "web", 1, 1, 2, 0, policyv1.InsufficientPodsReason)

	err := evict(client, ns, "web-1", false)
	var status *apierrors.StatusError
	if !errors.As(err, &status) || status.ErrStatus.Code != http.StatusTooManyRequests || status.ErrStatus.Reason != metav1.StatusReasonTooManyRequests ||
		status.ErrStatus.Message != "Cannot evict pod as it would violate the pod's disruption budget." {
		t.Fatalf("eviction: %v, want 429 TooManyRequests", err)
	}
	causes := status.ErrStatus.Details.Causes
	if len(causes) != 1 || causes[0].Type != policyv1.DisruptionBudgetCause || causes[0].Message != "The disruption budget web needs 2 healthy pods and has 1 currently" {
		t.Errorf("causes = %+v, want the DisruptionBudget cause", causes)
	}
	if !podExists(t, client, ns, "web-1") {
		t.Error("a refused eviction deleted the pod")
	}

	// A pod that is not running yet disrupts nothing, whatever the budget says.
	pending := simplePod("pending", "nginx:1.27")
	pending.Labels["app"] = "web"
	if _, err := client.CoreV1().Pods(ns).Create(context.Background(), pending, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := evict(client, ns, "pending", false); err != nil || podExists(t, client, ns, "pending") {
		t.Errorf("evicting a pending pod: %v, want it deleted", err)
	}
}

func TestPolicyEvictionTakesADisruption(t *testing.T) {
	client := jsonClient(t)
	const ns = "policy-evict-allowed"
	createNamespace(t, client, ns)
	ctx := context.Background()
	policyRunningPod(t, client, ns, "web-1", "node-1", true)
	policyBudget(t, client, ns, "web", func(p *policyv1.PodDisruptionBudget) { p.Spec.MinAvailable = ptr(intstr.FromInt32(0)) })
	waitBudget(t, client, ns, "web", 1, 1, 0, 1, policyv1.SufficientPodsReason)
	pdbs := client.PolicyV1().PodDisruptionBudgets(ns)

	if err := evict(client, ns, "web-1", true); err != nil {
		t.Fatalf("dry-run eviction: %v", err)
	}
	pdb, err := pdbs.Get(ctx, "web", metav1.GetOptions{})
	if err != nil || pdb.Status.DisruptionsAllowed != 1 || len(pdb.Status.DisruptedPods) != 0 {
		t.Fatalf("after a dry run the budget is %+v, %v; want it untouched", pdb.Status, err)
	}
	pod, err := client.CoreV1().Pods(ns).Get(ctx, "web-1", metav1.GetOptions{})
	if err != nil || pod.DeletionTimestamp != nil || len(pod.Status.Conditions) != 1 {
		t.Fatalf("after a dry run the pod is %+v, %v; want it untouched", pod, err)
	}

	// The disruption controller drops web-1 from the disrupted pods as soon as it sees the pod
	// terminating, so the eviction's own write is watched for.
	watchCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	watch, err := pdbs.Watch(watchCtx, metav1.ListOptions{FieldSelector: "metadata.name=web", ResourceVersion: pdb.ResourceVersion})
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Stop()
	if err := evict(client, ns, "web-1", false); err != nil {
		t.Fatalf("eviction: %v", err)
	}
	recorded := false
	for event := range watch.ResultChan() {
		pdb, ok := event.Object.(*policyv1.PodDisruptionBudget)
		if !ok {
			t.Fatalf("watch event %v", event)
		}
		if _, listed := pdb.Status.DisruptedPods["web-1"]; listed {
			if pdb.Status.DisruptionsAllowed != 0 {
				t.Errorf("budget status %+v, want no disruption left", pdb.Status)
			}
			if c := pdb.Status.Conditions; len(c) != 1 || c[0].Type != policyv1.DisruptionAllowedCondition || c[0].Status != metav1.ConditionFalse || c[0].Reason != policyv1.InsufficientPodsReason {
				t.Errorf("budget conditions %+v, want DisruptionAllowed False InsufficientPods", c)
			}
			recorded = true
			break
		}
	}
	if !recorded {
		t.Error("the eviction never recorded web-1 among the budget's disrupted pods")
	}
	// A scheduled pod terminates gracefully; it is marked with why it goes.
	pod, err = client.CoreV1().Pods(ns).Get(ctx, "web-1", metav1.GetOptions{})
	if err != nil || pod.DeletionTimestamp == nil {
		t.Fatalf("evicted pod: %+v, %v; want it terminating", pod, err)
	}
	var target *corev1.PodCondition
	for i := range pod.Status.Conditions {
		if pod.Status.Conditions[i].Type == corev1.DisruptionTarget {
			target = &pod.Status.Conditions[i]
		}
	}
	if target == nil || target.Status != corev1.ConditionTrue || target.Reason != "EvictionByEvictionAPI" || target.Message != "Eviction API: evicting" {
		t.Errorf("DisruptionTarget condition = %+v, want True EvictionByEvictionAPI", target)
	}
}

func TestPolicyEvictionSpecialCases(t *testing.T) {
	client := jsonClient(t)
	const ns = "policy-evict-special"
	createNamespace(t, client, ns)
	ctx := context.Background()

	// Two budgets over one pod: upstream gives up with a 500.
	policyRunningPod(t, client, ns, "web-1", "", true)
	policyBudget(t, client, ns, "a", func(*policyv1.PodDisruptionBudget) {})
	policyBudget(t, client, ns, "b", func(*policyv1.PodDisruptionBudget) {})
	err := evict(client, ns, "web-1", false)
	var status *apierrors.StatusError
	if !errors.As(err, &status) || status.ErrStatus.Code != http.StatusInternalServerError ||
		status.ErrStatus.Message != "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support." {
		t.Fatalf("eviction under two budgets: %v, want the 500", err)
	}
	if err := client.PolicyV1().PodDisruptionBudgets(ns).Delete(ctx, "b", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}

	// An unready pod goes without taking a disruption when the budget says AlwaysAllow.
	const ns2 = "policy-evict-unhealthy"
	createNamespace(t, client, ns2)
	policyRunningPod(t, client, ns2, "sick", "", false)
	policyBudget(t, client, ns2, "web", func(p *policyv1.PodDisruptionBudget) {
		p.Spec.UnhealthyPodEvictionPolicy = ptr(policyv1.AlwaysAllow)
	})
	if err := evict(client, ns2, "sick", false); err != nil || podExists(t, client, ns2, "sick") {
		t.Errorf("evicting an unready pod under AlwaysAllow: %v, want it deleted", err)
	}
	if pdb, err := client.PolicyV1().PodDisruptionBudgets(ns2).Get(ctx, "web", metav1.GetOptions{}); err != nil || len(pdb.Status.DisruptedPods) != 0 {
		t.Errorf("budget %+v, %v; want no disruption recorded", pdb.Status, err)
	}
}

func TestPolicyEvictionBodies(t *testing.T) {
	client := jsonClient(t)
	const ns = "policy-evict-bodies"
	createNamespace(t, client, ns)
	policyRunningPod(t, client, ns, "old", "", true)
	path := "/api/v1/namespaces/" + ns + "/pods/old/eviction"
	if code, body := sendRaw(t, server.ClientConfig, http.MethodPost, path, "application/json",
		[]byte(`{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"other"}}`)); code != http.StatusBadRequest || !strings.Contains(string(body), "name in URL does not match name in Eviction object") {
		t.Errorf("mismatched name: %d %s, want 400", code, body)
	}
	code, body := sendRaw(t, server.ClientConfig, http.MethodPost, path, "application/json",
		[]byte(`{"apiVersion":"policy/v1beta1","kind":"Eviction","metadata":{"name":"old"},"deleteOptions":{"gracePeriodSeconds":0}}`))
	if code != http.StatusCreated || !strings.Contains(string(body), `"status":"Success"`) {
		t.Errorf("policy/v1beta1 eviction: %d %s, want 201 Success", code, body)
	}
	if podExists(t, client, ns, "old") {
		t.Error("the pod evicted with a policy/v1beta1 body still exists")
	}

	resources, err := client.Discovery().ServerResourcesForGroupVersion("v1")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range resources.APIResources {
		if r.Name == "pods/eviction" {
			if r.Group != "policy" || r.Version != "v1" || r.Kind != "Eviction" || strings.Join(r.Verbs, ",") != "create" {
				t.Errorf("pods/eviction discovery = %+v, want policy/v1 Eviction, create only", r)
			}
			return
		}
	}
	t.Error("pods/eviction is not in /api/v1 discovery")
}

func TestPolicyDiscovery(t *testing.T) {
	resources, err := jsonClient(t).Discovery().ServerResourcesForGroupVersion("policy/v1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range resources.APIResources {
		got = append(got, r.Name+" "+r.Kind+" "+strings.Join(r.ShortNames, ",")+" "+strings.Join(r.Categories, ",")+" "+strings.Join(r.Verbs, ","))
	}
	want := []string{
		"poddisruptionbudgets PodDisruptionBudget pdb  create,delete,deletecollection,get,list,patch,update,watch",
		"poddisruptionbudgets/status PodDisruptionBudget   get,patch,update",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("policy/v1 resources:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
