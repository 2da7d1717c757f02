package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/client-go/kubernetes"
)

// quotaList parses name=quantity pairs.
func quotaList(pairs ...string) corev1.ResourceList {
	list := corev1.ResourceList{}
	for i := 0; i < len(pairs); i += 2 {
		list[corev1.ResourceName(pairs[i])] = resource.MustParse(pairs[i+1])
	}
	return list
}

// waitQuotaUsed waits until the quota's status mirrors its spec and reports used.
func waitQuotaUsed(t *testing.T, client kubernetes.Interface, ns, name string, used corev1.ResourceList) {
	t.Helper()
	eventually(t, func() error {
		q, err := client.CoreV1().ResourceQuotas(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if !quota.Equals(q.Status.Hard, q.Spec.Hard) || !quota.Equals(q.Status.Used, used) {
			return fmt.Errorf("status hard %v used %v, want hard %v used %v", q.Status.Hard, q.Status.Used, q.Spec.Hard, used)
		}
		return nil
	})
}

// waitQuotaEnforced waits until admission sees the status of the quotas of ns whose status is
// already written, since admission charges a quota only once it sees its status.hard: it adds a
// quota allowing no PodTemplate, whose status the controller writes after theirs, and waits until
// admission refuses a dry-run PodTemplate.
func waitQuotaEnforced(t *testing.T, client kubernetes.Interface, ns string) {
	t.Helper()
	ctx := context.Background()
	_, err := client.CoreV1().ResourceQuotas(ns).Create(ctx, &corev1.ResourceQuota{
		ObjectMeta: metav1.ObjectMeta{Name: "admission-probe"},
		Spec:       corev1.ResourceQuotaSpec{Hard: quotaList("count/podtemplates", "0")},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	probe := &corev1.PodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "probe"}, Template: corev1.PodTemplateSpec{Spec: simplePod("probe", "nginx:1.27").Spec}}
	eventually(t, func() error {
		_, err := client.CoreV1().PodTemplates(ns).Create(ctx, probe, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if apierrors.IsForbidden(err) {
			return nil
		}
		return fmt.Errorf("dry-run PodTemplate: %v, want it refused by quota", err)
	})
}

func requestingPod(name, cpu, memory string) *corev1.Pod {
	p := simplePod(name, "nginx:1.27")
	p.Spec.Containers[0].Resources.Requests = quotaList("cpu", cpu, "memory", memory)
	return p
}

func TestQuotaStatusFollowsCreatesAndDeletes(t *testing.T) {
	client := jsonClient(t)
	const ns = "quota-usage"
	createNamespace(t, client, ns)
	ctx := context.Background()
	// Secrets rather than ConfigMaps are counted: every namespace gets the root CA ConfigMap from its
	// publisher at about the time the quota appears, and upstream's controller does not recount on
	// creations, so whether that one is counted before the next full resync is a race.
	_, err := client.CoreV1().ResourceQuotas(ns).Create(ctx, &corev1.ResourceQuota{
		ObjectMeta: metav1.ObjectMeta{Name: "compute"},
		Spec: corev1.ResourceQuotaSpec{Hard: quotaList(
			"pods", "2", "requests.cpu", "1", "requests.memory", "1Gi",
			"services", "2", "services.nodeports", "1", "secrets", "3", "count/deployments.apps", "1",
		)},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	empty := quotaList("pods", "0", "requests.cpu", "0", "requests.memory", "0", "services", "0", "services.nodeports", "0", "secrets", "0", "count/deployments.apps", "0")
	waitQuotaUsed(t, client, ns, "compute", empty)
	waitQuotaEnforced(t, client, ns)

	if _, err := client.CoreV1().Pods(ns).Create(ctx, requestingPod("small", "500m", "256Mi"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.ServiceSpec{
		Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{{Port: 80}},
	}}
	if _, err := client.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "settings"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	deployment := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: appsv1.DeploymentSpec{
		Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
		Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}}, Spec: simplePod("web", "nginx:1.27").Spec},
	}}
	if _, err := client.AppsV1().Deployments(ns).Create(ctx, deployment, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitQuotaUsed(t, client, ns, "compute", quotaList("pods", "1", "requests.cpu", "500m", "requests.memory", "256Mi",
		"services", "1", "services.nodeports", "1", "secrets", "1", "count/deployments.apps", "1"))

	// Creations past a limit are refused with the limit that they would cross.
	_, err = client.CoreV1().Pods(ns).Create(ctx, requestingPod("big", "600m", "256Mi"), metav1.CreateOptions{})
	expectForbidden(t, err, `pods "big" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=500m, limited: requests.cpu=1`)
	second := deployment.DeepCopy()
	second.Name = "api"
	_, err = client.AppsV1().Deployments(ns).Create(ctx, second, metav1.CreateOptions{})
	expectForbidden(t, err, `deployments.apps "api" is forbidden: exceeded quota: compute, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1`)
	nodePort := svc.DeepCopy()
	nodePort.Name = "other"
	_, err = client.CoreV1().Services(ns).Create(ctx, nodePort, metav1.CreateOptions{})
	expectForbidden(t, err, `services "other" is forbidden: exceeded quota: compute, requested: services.nodeports=1, used: services.nodeports=1, limited: services.nodeports=1`)
	// A quota of requests.cpu obliges every pod to request cpu.
	_, err = client.CoreV1().Pods(ns).Create(ctx, simplePod("bare", "nginx:1.27"), metav1.CreateOptions{})
	expectForbidden(t, err, `pods "bare" is forbidden: failed quota: compute: must specify requests.cpu for: main; requests.memory for: main`)

	// Deletions give the usage back.
	if err := client.CoreV1().Pods(ns).Delete(ctx, "small", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := client.CoreV1().Services(ns).Delete(ctx, "web", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := client.CoreV1().Secrets(ns).Delete(ctx, "settings", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := client.AppsV1().Deployments(ns).Delete(ctx, "web", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitQuotaUsed(t, client, ns, "compute", empty)
	if _, err := client.AppsV1().Deployments(ns).Create(ctx, second, metav1.CreateOptions{}); err != nil {
		t.Errorf("creating a deployment after the other was deleted: %v", err)
	}
}

func TestQuotaScopesAndTerminalPods(t *testing.T) {
	client := jsonClient(t)
	const ns = "quota-scopes"
	createNamespace(t, client, ns)
	ctx := context.Background()
	if _, err := client.CoreV1().ResourceQuotas(ns).Create(ctx, &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "best-effort"}, Spec: corev1.ResourceQuotaSpec{
		Hard: quotaList("pods", "5"), Scopes: []corev1.ResourceQuotaScope{corev1.ResourceQuotaScopeBestEffort},
	}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().ResourceQuotas(ns).Create(ctx, &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "all"}, Spec: corev1.ResourceQuotaSpec{
		Hard: quotaList("pods", "5", "count/pods", "5"),
	}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitQuotaUsed(t, client, ns, "best-effort", quotaList("pods", "0"))
	waitQuotaUsed(t, client, ns, "all", quotaList("pods", "0", "count/pods", "0"))
	waitQuotaEnforced(t, client, ns)
	for _, p := range []*corev1.Pod{simplePod("bare", "nginx:1.27"), requestingPod("sized", "100m", "64Mi")} {
		if _, err := client.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	waitQuotaUsed(t, client, ns, "best-effort", quotaList("pods", "1"))
	waitQuotaUsed(t, client, ns, "all", quotaList("pods", "2", "count/pods", "2"))

	// A pod that finished stops using "pods" but still counts as an object.
	p, err := client.CoreV1().Pods(ns).Get(ctx, "sized", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p.Status.Phase = corev1.PodSucceeded
	if _, err := client.CoreV1().Pods(ns).UpdateStatus(ctx, p, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitQuotaUsed(t, client, ns, "all", quotaList("pods", "1", "count/pods", "2"))
}

// markReady reports a pod Running and Ready, as its kubelet would.
func markReady(t *testing.T, client kubernetes.Interface, ns, name string) {
	t.Helper()
	ctx := context.Background()
	p, err := client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p.Status.Phase = corev1.PodRunning
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	if _, err := client.CoreV1().Pods(ns).UpdateStatus(ctx, p, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// waitBudget waits until the disruption controller has observed the budget's generation and its
// status has the expected counts and DisruptionAllowed reason.
func waitBudget(t *testing.T, client kubernetes.Interface, ns, name string, expected, healthy, desired, allowed int32, reason string) *policyv1.PodDisruptionBudget {
	t.Helper()
	var pdb *policyv1.PodDisruptionBudget
	eventually(t, func() error {
		var err error
		if pdb, err = client.PolicyV1().PodDisruptionBudgets(ns).Get(context.Background(), name, metav1.GetOptions{}); err != nil {
			return err
		}
		s := pdb.Status
		if s.ObservedGeneration != pdb.Generation || s.ExpectedPods != expected || s.CurrentHealthy != healthy || s.DesiredHealthy != desired || s.DisruptionsAllowed != allowed {
			return fmt.Errorf("status %+v, want observed generation %d, expected %d, healthy %d, desired %d, allowed %d", s, pdb.Generation, expected, healthy, desired, allowed)
		}
		if len(s.Conditions) != 1 || s.Conditions[0].Type != policyv1.DisruptionAllowedCondition || s.Conditions[0].Reason != reason {
			return fmt.Errorf("conditions %+v, want DisruptionAllowed %s", s.Conditions, reason)
		}
		return nil
	})
	return pdb
}

func labelledPod(name string, owner *metav1.OwnerReference) *corev1.Pod {
	p := simplePod(name, "nginx:1.27")
	p.Labels["app"] = "budgeted"
	if owner != nil {
		p.OwnerReferences = []metav1.OwnerReference{*owner}
	}
	return p
}

func budget(name string, minAvailable, maxUnavailable *intstr.IntOrString) *policyv1.PodDisruptionBudget {
	return &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: policyv1.PodDisruptionBudgetSpec{
		MinAvailable: minAvailable, MaxUnavailable: maxUnavailable,
		Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "budgeted"}},
	}}
}

func TestDisruptionBudgetStatusAndEviction(t *testing.T) {
	client := jsonClient(t)
	const ns = "disruption-evict"
	createNamespace(t, client, ns)
	ctx := context.Background()
	for _, name := range []string{"web-1", "web-2", "web-3"} {
		if _, err := client.CoreV1().Pods(ns).Create(ctx, labelledPod(name, nil), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := client.PolicyV1().PodDisruptionBudgets(ns).Create(ctx, budget("web", ptr(intstr.FromInt32(2)), nil), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	markReady(t, client, ns, "web-1")
	pdb := waitBudget(t, client, ns, "web", 3, 1, 2, 0, policyv1.InsufficientPodsReason)
	if c := pdb.Status.Conditions[0]; c.Status != metav1.ConditionFalse || c.ObservedGeneration != pdb.Generation {
		t.Errorf("condition %+v, want False for generation %d", c, pdb.Generation)
	}

	err := evict(client, ns, "web-1", false)
	var status *apierrors.StatusError
	if !errors.As(err, &status) || status.ErrStatus.Code != http.StatusTooManyRequests ||
		status.ErrStatus.Message != "Cannot evict pod as it would violate the pod's disruption budget." {
		t.Fatalf("eviction under an exhausted budget: %v, want 429", err)
	}
	if causes := status.ErrStatus.Details.Causes; len(causes) != 1 || causes[0].Message != "The disruption budget web needs 2 healthy pods and has 1 currently" {
		t.Errorf("causes = %+v", causes)
	}

	markReady(t, client, ns, "web-2")
	markReady(t, client, ns, "web-3")
	pdb = waitBudget(t, client, ns, "web", 3, 3, 2, 1, policyv1.SufficientPodsReason)
	if c := pdb.Status.Conditions[0]; c.Status != metav1.ConditionTrue {
		t.Errorf("condition %+v, want True", c)
	}
	if err := evict(client, ns, "web-1", false); err != nil {
		t.Fatalf("eviction the budget allows: %v", err)
	}
	waitGone(t, "pod web-1", func(ctx context.Context) error {
		_, err := client.CoreV1().Pods(ns).Get(ctx, "web-1", metav1.GetOptions{})
		return err
	})
	// The controller counts what is left, and forgets the eviction once the pod is gone.
	pdb = waitBudget(t, client, ns, "web", 2, 2, 2, 0, policyv1.InsufficientPodsReason)
	if len(pdb.Status.DisruptedPods) != 0 {
		t.Errorf("disrupted pods %v, want none once the pod is gone", pdb.Status.DisruptedPods)
	}
	if err := evict(client, ns, "web-2", false); !apierrors.IsTooManyRequests(err) {
		t.Errorf("eviction past the budget: %v, want 429", err)
	}
}

func TestDisruptionBudgetOfAControllersScale(t *testing.T) {
	client := jsonClient(t)
	const ns = "disruption-scale"
	createNamespace(t, client, ns)
	ctx := context.Background()
	rs, err := client.AppsV1().ReplicaSets(ns).Create(ctx, &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.ReplicaSetSpec{
			Replicas: ptr[int32](4),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "budgeted"}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "budgeted"}}, Spec: simplePod("web", "nginx:1.27").Spec},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The replica set controller creates the four pods; three report ready.
	var pods []corev1.Pod
	eventually(t, func() error {
		if pods = workloadPods(t, client, ns, map[string]string{"app": "budgeted"}); len(pods) != 4 {
			return fmt.Errorf("%d pods of %s, want 4", len(pods), rs.Name)
		}
		return nil
	})
	for _, p := range pods[:3] {
		markReady(t, client, ns, p.Name)
	}
	// A quarter of four may be unavailable, and one already is: the one not ready.
	if _, err := client.PolicyV1().PodDisruptionBudgets(ns).Create(ctx, budget("web", nil, ptr(intstr.FromString("25%"))), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitBudget(t, client, ns, "web", 4, 3, 3, 0, policyv1.InsufficientPodsReason)

	// Half of four must be available: two of the three healthy.
	pdb, err := client.PolicyV1().PodDisruptionBudgets(ns).Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pdb.Spec.MaxUnavailable = nil
	pdb.Spec.MinAvailable = ptr(intstr.FromString("50%"))
	if _, err := client.PolicyV1().PodDisruptionBudgets(ns).Update(ctx, pdb, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitBudget(t, client, ns, "web", 4, 3, 2, 1, policyv1.SufficientPodsReason)
}

func TestDisruptionBudgetSyncFailure(t *testing.T) {
	client := jsonClient(t)
	const ns = "disruption-failed"
	createNamespace(t, client, ns)
	ctx := context.Background()
	// A controller without a scale subresource leaves the budget's scale unknown.
	cm, err := client.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "owner"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	owner := metav1.NewControllerRef(cm, corev1.SchemeGroupVersion.WithKind("ConfigMap"))
	if _, err := client.CoreV1().Pods(ns).Create(ctx, labelledPod("web-1", owner), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	markReady(t, client, ns, "web-1")
	if _, err := client.PolicyV1().PodDisruptionBudgets(ns).Create(ctx, budget("web", nil, ptr(intstr.FromInt32(1))), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		pdb, err := client.PolicyV1().PodDisruptionBudgets(ns).Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		c := pdb.Status.Conditions
		if len(c) != 1 || c[0].Status != metav1.ConditionFalse || c[0].Reason != policyv1.SyncFailedReason || c[0].Message != "configmaps does not implement the scale subresource" {
			return fmt.Errorf("conditions %+v, want DisruptionAllowed False SyncFailed", c)
		}
		if pdb.Status.DisruptionsAllowed != 0 {
			return fmt.Errorf("%d disruptions allowed, want none", pdb.Status.DisruptionsAllowed)
		}
		return nil
	})
}
