package integration

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

const daemonSetNodeLabel = "kapi.test/daemonset-nodes"

// startDaemonSetNode starts a ready node that the test's DaemonSet selects, with taints from the
// start, so that no controller ever sees it without them.
func startDaemonSetNode(t *testing.T, client kubernetes.Interface, name string, taints ...corev1.Taint) {
	t.Helper()
	ctx := context.Background()
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{daemonSetNodeLabel: "yes"}},
		Spec:       corev1.NodeSpec{Taints: taints},
	}
	if _, err := client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(ctx, name, metav1.DeleteOptions{}) })
	k := &fakeKubelet{client: client, name: name}
	k.postStatus(t, corev1.ConditionTrue)
	k.renew(t)
}

// daemonPodsByNode returns the node each of the DaemonSet's pods is bound to by affinity.
func daemonPodsByNode(t *testing.T, client kubernetes.Interface, ns string) map[string]corev1.Pod {
	t.Helper()
	pods, err := client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byNode := map[string]corev1.Pod{}
	for _, pod := range pods.Items {
		if pod.DeletionTimestamp != nil {
			continue
		}
		terms := pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
		node := terms[0].MatchFields[0].Values[0]
		if _, dup := byNode[node]; dup {
			t.Errorf("two pods for node %s", node)
		}
		byNode[node] = pod
	}
	return byNode
}

func waitForDaemonSet(t *testing.T, client kubernetes.Interface, ns, name string, ok func(*appsv1.DaemonSet) error) *appsv1.DaemonSet {
	t.Helper()
	return waitForObject(t, client.AppsV1().DaemonSets(ns).Get, name, ok)
}

// settled checks that every one of n desired daemon pods is scheduled, ready and up to date.
func settled(n int32) func(*appsv1.DaemonSet) error {
	return func(ds *appsv1.DaemonSet) error {
		s := ds.Status
		if s.ObservedGeneration != ds.Generation || s.DesiredNumberScheduled != n || s.CurrentNumberScheduled != n ||
			s.NumberReady != n || s.NumberAvailable != n || s.UpdatedNumberScheduled != n || s.NumberUnavailable != 0 || s.NumberMisscheduled != 0 {
			return fmt.Errorf("status %+v", s)
		}
		return nil
	}
}

func nodeNames(byNode map[string]corev1.Pod) string {
	var names []string
	for n := range byNode {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// TestDaemonSetNodes runs a DaemonSet across three nodes, one tainted NoSchedule: it skips that
// node until it tolerates the taint, which rolls its pods to the new template, and a node added
// later gets a pod too, until it no longer matches the node selector. A test kubelet marks the pods ready; nothing binds them.
func TestDaemonSetNodes(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns = "daemonset-nodes"
	createNamespace(t, client, ns)
	standInKubelet(t, client, ns)
	taint := corev1.Taint{Key: "example.com/dedicated", Value: "db", Effect: corev1.TaintEffectNoSchedule}
	startDaemonSetNode(t, client, "ds-node-a")
	startDaemonSetNode(t, client, "ds-node-b")
	startDaemonSetNode(t, client, "ds-node-c", taint)

	labels := map[string]string{"app": "agent"}
	ds := &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: "agent"},
		Spec: appsv1.DaemonSetSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					NodeSelector: map[string]string{daemonSetNodeLabel: "yes"},
					Containers:   []corev1.Container{{Name: "agent", Image: "busybox:1"}},
				},
			},
		},
	}
	if _, err := client.AppsV1().DaemonSets(ns).Create(ctx, ds, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	first := waitForDaemonSet(t, client, ns, "agent", settled(2))
	byNode := daemonPodsByNode(t, client, ns)
	if got := nodeNames(byNode); got != "ds-node-a,ds-node-b" {
		t.Fatalf("daemon pods on %s, want ds-node-a,ds-node-b", got)
	}
	revisions, err := client.AppsV1().ControllerRevisions(ns).List(ctx, metav1.ListOptions{})
	if err != nil || len(revisions.Items) != 1 {
		t.Fatalf("revisions %v, %v; want one", revisions, err)
	}
	firstHash := revisions.Items[0].Labels[appsv1.DefaultDaemonSetUniqueLabelKey]
	if revisions.Items[0].Name != "agent-"+firstHash || !metav1.IsControlledBy(&revisions.Items[0], first) {
		t.Errorf("revision %s hash %s owners %v", revisions.Items[0].Name, firstHash, revisions.Items[0].OwnerReferences)
	}
	for node, pod := range byNode {
		if pod.Spec.NodeName != "" {
			t.Errorf("pod %s is bound with nodeName %s, want affinity only", pod.Name, pod.Spec.NodeName)
		}
		if !strings.HasPrefix(pod.Name, "agent-") || pod.Labels[appsv1.DefaultDaemonSetUniqueLabelKey] != firstHash || pod.Labels["pod-template-generation"] != "1" {
			t.Errorf("pod %s on %s labels %v", pod.Name, node, pod.Labels)
		}
		for _, want := range []string{"node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/disk-pressure:NoSchedule",
			"node.kubernetes.io/memory-pressure:NoSchedule", "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule"} {
			if !slices.ContainsFunc(pod.Spec.Tolerations, func(tol corev1.Toleration) bool {
				return tol.Key+":"+string(tol.Effect) == want && tol.Operator == corev1.TolerationOpExists
			}) {
				t.Errorf("pod %s lacks the toleration %s: %v", pod.Name, want, pod.Spec.Tolerations)
			}
		}
		expectEvent(t, client, ns, "DaemonSet", "agent", "SuccessfulCreate", "Created pod: "+pod.Name)
	}

	patch := `{"spec":{"template":{"spec":{"tolerations":[{"key":"example.com/dedicated","operator":"Exists","effect":"NoSchedule"}]}}}}`
	if _, err := client.AppsV1().DaemonSets(ns).Patch(ctx, "agent", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	waitForDaemonSet(t, client, ns, "agent", settled(3))
	var rolled map[string]corev1.Pod
	eventually(t, func() error {
		rolled = daemonPodsByNode(t, client, ns)
		if got := nodeNames(rolled); got != "ds-node-a,ds-node-b,ds-node-c" {
			return fmt.Errorf("daemon pods on %s", got)
		}
		return nil
	})
	for node, pod := range rolled {
		if pod.Labels["pod-template-generation"] != "2" || pod.Labels[appsv1.DefaultDaemonSetUniqueLabelKey] == firstHash {
			t.Errorf("pod %s on %s not rolled: labels %v", pod.Name, node, pod.Labels)
		}
		if old, ok := byNode[node]; ok && old.UID == pod.UID {
			t.Errorf("pod %s on %s survived the rolling update", pod.Name, node)
		}
	}
	expectEvent(t, client, ns, "DaemonSet", "agent", "SuccessfulDelete", "Deleted pod: "+byNode["ds-node-a"].Name)

	startDaemonSetNode(t, client, "ds-node-d")
	waitForDaemonSet(t, client, ns, "agent", settled(4))
	if got := nodeNames(daemonPodsByNode(t, client, ns)); got != "ds-node-a,ds-node-b,ds-node-c,ds-node-d" {
		t.Errorf("daemon pods on %s after adding ds-node-d", got)
	}

	unlabel := fmt.Sprintf(`{"metadata":{"labels":{%q:null}}}`, daemonSetNodeLabel)
	if _, err := client.CoreV1().Nodes().Patch(ctx, "ds-node-d", types.MergePatchType, []byte(unlabel), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	waitForDaemonSet(t, client, ns, "agent", settled(3))
	eventually(t, func() error {
		if got := nodeNames(daemonPodsByNode(t, client, ns)); got != "ds-node-a,ds-node-b,ds-node-c" {
			return fmt.Errorf("daemon pods on %s after ds-node-d lost the label", got)
		}
		return nil
	})
	revisions, err = client.AppsV1().ControllerRevisions(ns).List(ctx, metav1.ListOptions{})
	if err != nil || len(revisions.Items) != 2 {
		t.Fatalf("revisions %v, %v; want the two templates'", revisions, err)
	}
}

// TestDaemonSetSurgeAndFailedPods rolls a DaemonSet with maxSurge 1 and maxUnavailable 0, which
// starts each new pod beside the old one, and checks that a failed daemon pod is replaced.
func TestDaemonSetSurgeAndFailedPods(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns, node = "daemonset-surge", "ds-surge-node"
	createNamespace(t, client, ns)
	startKubelet(t, client, node, corev1.ConditionTrue)
	labels := map[string]string{"app": "surge"}
	surge, none := intstr.FromInt32(1), intstr.FromInt32(0)
	ds := &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: "surge"},
		Spec: appsv1.DaemonSetSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			UpdateStrategy: appsv1.DaemonSetUpdateStrategy{
				Type:          appsv1.RollingUpdateDaemonSetStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDaemonSet{MaxSurge: &surge, MaxUnavailable: &none},
			},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					Affinity: &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
						NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchFields: []corev1.NodeSelectorRequirement{{Key: "metadata.name", Operator: corev1.NodeSelectorOpIn, Values: []string{node}}}}},
					}}},
					Containers: []corev1.Container{{Name: "main", Image: "busybox:1"}},
				},
			},
		},
	}
	if _, err := client.AppsV1().DaemonSets(ns).Create(ctx, ds, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var old corev1.Pod
	eventually(t, func() error {
		var ok bool
		if old, ok = daemonPodsByNode(t, client, ns)[node]; !ok {
			return fmt.Errorf("no daemon pod on %s", node)
		}
		return nil
	})
	markRunningReady(t, client, ns, old.Name)
	waitForDaemonSet(t, client, ns, "surge", settled(1))

	patch := `{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"busybox:2"}]}}}}`
	if _, err := client.AppsV1().DaemonSets(ns).Patch(ctx, "surge", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	// The new pod comes while the old one still runs, and the old one goes only once the new is ready.
	var surged corev1.Pod
	eventually(t, func() error {
		pods, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		if len(pods.Items) != 2 {
			return fmt.Errorf("%d pods, want the old and the new one", len(pods.Items))
		}
		for _, p := range pods.Items {
			if p.UID != old.UID {
				surged = p
			}
		}
		return nil
	})
	if _, err := client.CoreV1().Pods(ns).Get(ctx, old.Name, metav1.GetOptions{}); err != nil {
		t.Fatalf("the old pod went before the new one was ready: %v", err)
	}
	markRunningReady(t, client, ns, surged.Name)
	eventually(t, func() error {
		_, err := client.CoreV1().Pods(ns).Get(ctx, old.Name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("the old pod is still there once the new one is ready (%v)", err)
	})
	waitForDaemonSet(t, client, ns, "surge", settled(1))

	failed := getPod(t, client, ns, surged.Name)
	failed.Status.Phase = corev1.PodFailed
	if _, err := client.CoreV1().Pods(ns).UpdateStatus(ctx, failed, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	expectEvent(t, client, ns, "DaemonSet", "surge", "FailedDaemonPod", fmt.Sprintf("Found failed daemon pod %s/%s on node %s, will try to kill it", ns, surged.Name, node))
	eventually(t, func() error {
		pod, ok := daemonPodsByNode(t, client, ns)[node]
		if !ok || pod.UID == surged.UID {
			return fmt.Errorf("the failed pod is not replaced")
		}
		return nil
	})
}
