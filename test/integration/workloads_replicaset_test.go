package integration

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/testserver/fakekubelet"
)

// workloadPods lists the pods of ns that selector matches, by name.
func workloadPods(t *testing.T, client kubernetes.Interface, ns string, selector map[string]string) []corev1.Pod {
	t.Helper()
	list, err := client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: labels.SelectorFromSet(selector).String()})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(list.Items, func(i, j int) bool { return list.Items[i].Name < list.Items[j].Name })
	return list.Items
}

// standInKubelet reports every pod of ns ready as soon as it appears, until the test ends.
func standInKubelet(t *testing.T, client kubernetes.Interface, ns string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done, err := fakekubelet.ReadyEveryPod(ctx, client, ns, func(pod string, err error) { t.Errorf("reporting pod %s ready: %v", pod, err) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// follow hands each event of w to handle until the test ends.
func follow(t *testing.T, w watch.Interface, handle func(watch.Event)) {
	t.Helper()
	done := make(chan struct{})
	t.Cleanup(func() {
		w.Stop()
		<-done
	})
	go func() {
		defer close(done)
		for ev := range w.ResultChan() {
			handle(ev)
		}
	}()
}

// waitEvents waits until the messages of the events of reason recorded on the object kind/name,
// sorted, are want: the recorder writes events in the background.
func waitEvents(t *testing.T, client kubernetes.Interface, ns, kind, name, reason string, want ...string) {
	t.Helper()
	want = slices.Sorted(slices.Values(want))
	eventually(t, func() error {
		list, err := client.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{
			FieldSelector: fmt.Sprintf("involvedObject.kind=%s,involvedObject.name=%s,reason=%s", kind, name, reason),
		})
		if err != nil {
			return err
		}
		var got []string
		for _, e := range list.Items {
			got = append(got, e.Message)
		}
		if slices.Sort(got); !slices.Equal(got, want) {
			return fmt.Errorf("%s events %q, want %q", reason, got, want)
		}
		return nil
	})
}

func workloadReplicaSet(name string, replicas int32) *appsv1.ReplicaSet {
	rs := appsReplicaSet(name)
	rs.Spec.Replicas = &replicas
	return rs
}

// waitReplicaSetStatus waits until the ReplicaSet's status is want, for the current generation.
func waitReplicaSetStatus(t *testing.T, client kubernetes.Interface, ns, name string, want appsv1.ReplicaSetStatus) *appsv1.ReplicaSet {
	t.Helper()
	var rs *appsv1.ReplicaSet
	eventually(t, func() error {
		var err error
		if rs, err = client.AppsV1().ReplicaSets(ns).Get(context.Background(), name, metav1.GetOptions{}); err != nil {
			return err
		}
		s := rs.Status
		if s.Replicas != want.Replicas || s.FullyLabeledReplicas != want.FullyLabeledReplicas || s.ReadyReplicas != want.ReadyReplicas ||
			s.AvailableReplicas != want.AvailableReplicas || s.ObservedGeneration != rs.Generation ||
			s.TerminatingReplicas == nil || *s.TerminatingReplicas != 0 {
			return fmt.Errorf("status %+v at generation %d, want %+v", s, rs.Generation, want)
		}
		return nil
	})
	return rs
}

func TestReplicaSetCreatesPodsAndScalesDownByRank(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-rs-scale"
	createNamespace(t, client, ns)
	rs, err := client.AppsV1().ReplicaSets(ns).Create(ctx, workloadReplicaSet("front", 4), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	waitReplicaSetStatus(t, client, ns, "front", appsv1.ReplicaSetStatus{Replicas: 4, FullyLabeledReplicas: 4})
	pods := workloadPods(t, client, ns, map[string]string{"app": "front"})
	if len(pods) != 4 {
		t.Fatalf("pods %v, want 4", podNames(pods))
	}
	for _, p := range pods {
		ref := metav1.GetControllerOf(&p)
		if !strings.HasPrefix(p.Name, "front-") || p.GenerateName != "front-" || ref == nil || ref.UID != rs.UID || ref.Kind != "ReplicaSet" ||
			ref.BlockOwnerDeletion == nil || !*ref.BlockOwnerDeletion || p.Spec.Containers[0].Image != "nginx:1.27" {
			t.Errorf("pod %s: generateName %q, controller %+v; want front- and the replica set", p.Name, p.GenerateName, ref)
		}
	}
	created := make([]string, 0, len(pods))
	for _, p := range pods {
		created = append(created, "Created pod: "+p.Name)
	}
	waitEvents(t, client, ns, "ReplicaSet", "front", "SuccessfulCreate", created...)

	// Two pods report ready; scaling down to two keeps exactly those.
	ready := []string{pods[1].Name, pods[3].Name}
	for _, name := range ready {
		if err := fakekubelet.ReportReady(ctx, client, ns, name); err != nil {
			t.Fatal(err)
		}
	}
	waitReplicaSetStatus(t, client, ns, "front", appsv1.ReplicaSetStatus{Replicas: 4, FullyLabeledReplicas: 4, ReadyReplicas: 2, AvailableReplicas: 2})
	scale, err := client.AppsV1().ReplicaSets(ns).GetScale(ctx, "front", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	scale.Spec.Replicas = 2
	if _, err := client.AppsV1().ReplicaSets(ns).UpdateScale(ctx, "front", scale, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitReplicaSetStatus(t, client, ns, "front", appsv1.ReplicaSetStatus{Replicas: 2, FullyLabeledReplicas: 2, ReadyReplicas: 2, AvailableReplicas: 2})
	if got := podNames(workloadPods(t, client, ns, map[string]string{"app": "front"})); !slices.Equal(got, ready) {
		t.Errorf("pods after scaling down %v, want the ready ones %v", got, ready)
	}
	waitEvents(t, client, ns, "ReplicaSet", "front", "SuccessfulDelete", "Deleted pod: "+pods[0].Name, "Deleted pod: "+pods[2].Name)
}

func TestReplicaSetAdoptsAndReleasesPods(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-rs-adopt"
	createNamespace(t, client, ns)
	orphan := simplePod("orphan", "nginx:1.27")
	orphan.Labels = map[string]string{"app": "front"}
	if _, err := client.CoreV1().Pods(ns).Create(ctx, orphan, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// The controller adopts only the pods its informer has seen when it first syncs the replica
	// set; one created a moment before may still be on its way, and the controller then rightly
	// makes two pods of its own, as kube-controller-manager would. Nothing outside the controller
	// shows its informer's state, so the test gives the watch a second, far more than it needs.
	time.Sleep(time.Second)
	rs, err := client.AppsV1().ReplicaSets(ns).Create(ctx, workloadReplicaSet("front", 2), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	waitReplicaSetStatus(t, client, ns, "front", appsv1.ReplicaSetStatus{Replicas: 2, FullyLabeledReplicas: 2})
	pods := workloadPods(t, client, ns, map[string]string{"app": "front"})
	if len(pods) != 2 || !slices.Contains(podNames(pods), "orphan") {
		t.Fatalf("pods %v, want the orphan and one created", podNames(pods))
	}
	adopted, err := client.CoreV1().Pods(ns).Get(ctx, "orphan", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ref := metav1.GetControllerOf(adopted); ref == nil || ref.UID != rs.UID || ref.Name != "front" {
		t.Fatalf("orphan's controller %+v, want the replica set", ref)
	}

	// Relabelled, the pod is released and replaced.
	adopted.Labels = map[string]string{"app": "debug"}
	if _, err := client.CoreV1().Pods(ns).Update(ctx, adopted, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		p, err := client.CoreV1().Pods(ns).Get(ctx, "orphan", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if len(p.OwnerReferences) != 0 {
			return fmt.Errorf("owner references %+v, want none", p.OwnerReferences)
		}
		return nil
	})
	// The status already counted two before the release, so the replacement is what to wait for.
	eventually(t, func() error {
		if pods := workloadPods(t, client, ns, map[string]string{"app": "front"}); len(pods) != 2 || slices.Contains(podNames(pods), "orphan") {
			return fmt.Errorf("pods %v, want two without the released one", podNames(pods))
		}
		return nil
	})
	waitReplicaSetStatus(t, client, ns, "front", appsv1.ReplicaSetStatus{Replicas: 2, FullyLabeledReplicas: 2})
}

func TestReplicaSetMinReadySecondsAndFullyLabeled(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-rs-labels"
	createNamespace(t, client, ns)
	rs := workloadReplicaSet("front", 1)
	rs.Spec.Template.Labels["tier"] = "web"
	rs.Spec.MinReadySeconds = 3600
	if _, err := client.AppsV1().ReplicaSets(ns).Create(ctx, rs, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitReplicaSetStatus(t, client, ns, "front", appsv1.ReplicaSetStatus{Replicas: 1, FullyLabeledReplicas: 1})
	pod := workloadPods(t, client, ns, map[string]string{"app": "front"})[0]
	if err := fakekubelet.ReportReady(ctx, client, ns, pod.Name); err != nil {
		t.Fatal(err)
	}
	// Ready but not for an hour yet: not available.
	waitReplicaSetStatus(t, client, ns, "front", appsv1.ReplicaSetStatus{Replicas: 1, FullyLabeledReplicas: 1, ReadyReplicas: 1})
	p, err := client.CoreV1().Pods(ns).Get(ctx, pod.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	delete(p.Labels, "tier")
	if _, err := client.CoreV1().Pods(ns).Update(ctx, p, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitReplicaSetStatus(t, client, ns, "front", appsv1.ReplicaSetStatus{Replicas: 1, ReadyReplicas: 1})
}

func TestReplicationControllerCreatesAndScalesPods(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-rc"
	createNamespace(t, client, ns)
	template := appsTemplate("legacy")
	rc, err := client.CoreV1().ReplicationControllers(ns).Create(ctx, &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{Name: "legacy"},
		Spec:       corev1.ReplicationControllerSpec{Replicas: ptr[int32](3), Template: &template},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	waitRC := func(replicas, ready int32) {
		t.Helper()
		eventually(t, func() error {
			rc, err := client.CoreV1().ReplicationControllers(ns).Get(ctx, "legacy", metav1.GetOptions{})
			if err != nil {
				return err
			}
			if s := rc.Status; s.Replicas != replicas || s.FullyLabeledReplicas != replicas || s.ReadyReplicas != ready ||
				s.AvailableReplicas != ready || s.ObservedGeneration != rc.Generation {
				return fmt.Errorf("status %+v at generation %d, want %d replicas, %d ready", s, rc.Generation, replicas, ready)
			}
			return nil
		})
	}
	waitRC(3, 0)
	pods := workloadPods(t, client, ns, map[string]string{"app": "legacy"})
	if len(pods) != 3 {
		t.Fatalf("pods %v, want 3", podNames(pods))
	}
	for _, p := range pods {
		if ref := metav1.GetControllerOf(&p); ref == nil || ref.UID != rc.UID || ref.Kind != "ReplicationController" || ref.APIVersion != "v1" {
			t.Errorf("pod %s controller %+v, want the replication controller", p.Name, ref)
		}
	}
	waitEvents(t, client, ns, "ReplicationController", "legacy", "SuccessfulCreate",
		"Created pod: "+pods[0].Name, "Created pod: "+pods[1].Name, "Created pod: "+pods[2].Name)
	if err := fakekubelet.ReportReady(ctx, client, ns, pods[0].Name); err != nil {
		t.Fatal(err)
	}
	waitRC(3, 1)
	scale, err := client.CoreV1().ReplicationControllers(ns).GetScale(ctx, "legacy", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	scale.Spec.Replicas = 1
	if _, err := client.CoreV1().ReplicationControllers(ns).UpdateScale(ctx, "legacy", scale, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRC(1, 1)
	if got := podNames(workloadPods(t, client, ns, map[string]string{"app": "legacy"})); !slices.Equal(got, []string{pods[0].Name}) {
		t.Errorf("pods after scaling down %v, want the ready %s", got, pods[0].Name)
	}
}
