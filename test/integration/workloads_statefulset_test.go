package integration

import (
	"context"
	"fmt"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/testserver/fakekubelet"
)

// statefulSet returns a set of replicas pods labelled app: name, with a claim template "data".
func statefulSet(name string, replicas int32, policy appsv1.PodManagementPolicyType) *appsv1.StatefulSet {
	labels := map[string]string{"app": name}
	return &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: appsv1.StatefulSetSpec{
			Replicas:            ptr(replicas),
			ServiceName:         name,
			PodManagementPolicy: policy,
			Selector:            &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "busybox:1"}}},
			},
			VolumeClaimTemplates: []corev1.PersistentVolumeClaim{{
				ObjectMeta: metav1.ObjectMeta{Name: "data"},
				Spec: corev1.PersistentVolumeClaimSpec{
					AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
					Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
				},
			}},
		},
	}
}

// markRunningReady stands in for the kubelet of the pod, which reports it Running and Ready.
func markRunningReady(t *testing.T, client kubernetes.Interface, ns, name string) {
	t.Helper()
	if err := fakekubelet.ReportReady(context.Background(), client, ns, name); err != nil {
		t.Fatalf("marking pod %s ready: %v", name, err)
	}
}

func getPod(t *testing.T, client kubernetes.Interface, ns, name string) *corev1.Pod {
	t.Helper()
	var pod *corev1.Pod
	eventually(t, func() error {
		var err error
		pod, err = client.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
		return err
	})
	return pod
}

func expectNoPod(t *testing.T, client kubernetes.Interface, ns, name, why string) {
	t.Helper()
	_, err := client.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		t.Fatalf("pod %s exists (%v) %s", name, err, why)
	}
}

// waitForObject reads an object with get until ok accepts it, and returns it.
func waitForObject[T any](t *testing.T, get func(context.Context, string, metav1.GetOptions) (T, error), name string, ok func(T) error) T {
	t.Helper()
	var obj T
	eventually(t, func() error {
		var err error
		if obj, err = get(context.Background(), name, metav1.GetOptions{}); err != nil {
			return err
		}
		return ok(obj)
	})
	return obj
}

func waitForStatefulSet(t *testing.T, client kubernetes.Interface, ns, name string, ok func(*appsv1.StatefulSet) error) *appsv1.StatefulSet {
	t.Helper()
	return waitForObject(t, client.AppsV1().StatefulSets(ns).Get, name, ok)
}

// readySet is a check of waitForStatefulSet: all of n pods are ready.
func readySet(n int32) func(*appsv1.StatefulSet) error {
	return func(s *appsv1.StatefulSet) error {
		if s.Status.ReadyReplicas != n {
			return fmt.Errorf("status %+v", s.Status)
		}
		return nil
	}
}

// startStatefulSet creates set in a new namespace ns, whose pods a test kubelet makes ready, and
// waits for them.
func startStatefulSet(t *testing.T, client kubernetes.Interface, ns string, set *appsv1.StatefulSet) *appsv1.StatefulSet {
	t.Helper()
	createNamespace(t, client, ns)
	standInKubelet(t, client, ns)
	if _, err := client.AppsV1().StatefulSets(ns).Create(context.Background(), set, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return waitForStatefulSet(t, client, ns, set.Name, readySet(*set.Spec.Replicas))
}

// TestStatefulSetOrderedStart creates an OrderedReady set and plays the kubelet: each pod comes
// only once its predecessor is ready, with its stable identity and its claim, and scaling down
// removes the highest ordinal first.
func TestStatefulSetOrderedStart(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns = "statefulset-ordered"
	createNamespace(t, client, ns)
	if _, err := client.AppsV1().StatefulSets(ns).Create(ctx, statefulSet("web", 3, appsv1.OrderedReadyPodManagement), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	for i := range 3 {
		name := fmt.Sprintf("web-%d", i)
		pod := getPod(t, client, ns, name)
		if pod.Labels[appsv1.StatefulSetPodNameLabel] != name || pod.Labels[appsv1.PodIndexLabel] != fmt.Sprint(i) ||
			pod.Labels[appsv1.ControllerRevisionHashLabelKey] == "" {
			t.Errorf("pod %s labels = %v", name, pod.Labels)
		}
		if pod.Spec.Hostname != name || pod.Spec.Subdomain != "web" {
			t.Errorf("pod %s hostname %q subdomain %q, want %s and web", name, pod.Spec.Hostname, pod.Spec.Subdomain, name)
		}
		if ref := metav1.GetControllerOf(pod); ref == nil || ref.Kind != "StatefulSet" || ref.Name != "web" || ref.BlockOwnerDeletion == nil || !*ref.BlockOwnerDeletion {
			t.Errorf("pod %s controller = %+v", name, ref)
		}
		claim := fmt.Sprintf("data-web-%d", i)
		if len(pod.Spec.Volumes) == 0 || pod.Spec.Volumes[0].PersistentVolumeClaim == nil || pod.Spec.Volumes[0].PersistentVolumeClaim.ClaimName != claim {
			t.Errorf("pod %s volumes = %+v, want claim %s", name, pod.Spec.Volumes, claim)
		}
		pvc, err := client.CoreV1().PersistentVolumeClaims(ns).Get(ctx, claim, metav1.GetOptions{})
		if err != nil {
			t.Fatalf("claim %s: %v", claim, err)
		}
		if pvc.Labels["app"] != "web" || len(pvc.OwnerReferences) != 0 {
			t.Errorf("claim %s labels %v owners %v, want app=web and none under the Retain policy", claim, pvc.Labels, pvc.OwnerReferences)
		}
		expectEvent(t, client, ns, "StatefulSet", "web", "SuccessfulCreate", fmt.Sprintf("create Pod %s in StatefulSet web successful", name))
		if i < 2 {
			expectNoPod(t, client, ns, fmt.Sprintf("web-%d", i+1), "before its predecessor is ready")
		}
		markRunningReady(t, client, ns, name)
	}
	set := waitForStatefulSet(t, client, ns, "web", func(s *appsv1.StatefulSet) error {
		if s.Status.ReadyReplicas != 3 || s.Status.AvailableReplicas != 3 || s.Status.CurrentReplicas != 3 || s.Status.ObservedGeneration != s.Generation {
			return fmt.Errorf("status %+v", s.Status)
		}
		return nil
	})
	if set.Status.CurrentRevision == "" || set.Status.CurrentRevision != set.Status.UpdateRevision {
		t.Errorf("revisions current %q update %q, want one and the same", set.Status.CurrentRevision, set.Status.UpdateRevision)
	}
	revision, err := client.AppsV1().ControllerRevisions(ns).Get(ctx, set.Status.UpdateRevision, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if revision.Revision != 1 || !metav1.IsControlledBy(revision, set) {
		t.Errorf("revision %s number %d owners %v", revision.Name, revision.Revision, revision.OwnerReferences)
	}

	w, err := client.CoreV1().Pods(ns).Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if _, err := client.AppsV1().StatefulSets(ns).Patch(ctx, "web", "application/merge-patch+json", []byte(`{"spec":{"replicas":1}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	var deleted []string
	timeout := time.After(time.Minute)
	for len(deleted) < 2 {
		select {
		case e := <-w.ResultChan():
			if e.Type == watch.Deleted {
				deleted = append(deleted, e.Object.(*corev1.Pod).Name)
			}
		case <-timeout:
			t.Fatalf("after scaling down, pods deleted: %v", deleted)
		}
	}
	if deleted[0] != "web-2" || deleted[1] != "web-1" {
		t.Errorf("pods deleted in order %v, want web-2, web-1", deleted)
	}
	expectEvent(t, client, ns, "StatefulSet", "web", "SuccessfulDelete", "delete Pod web-2 in StatefulSet web successful")
	waitForStatefulSet(t, client, ns, "web", func(s *appsv1.StatefulSet) error {
		if s.Status.Replicas != 1 || s.Status.ReadyReplicas != 1 {
			return fmt.Errorf("status %+v", s.Status)
		}
		return nil
	})
	if _, err := client.CoreV1().PersistentVolumeClaims(ns).Get(ctx, "data-web-2", metav1.GetOptions{}); err != nil {
		t.Errorf("the claim of a removed pod is retained: %v", err)
	}
}

// TestStatefulSetRollingUpdatePartition rolls a Parallel set to a new image: with a partition only
// the pods at and above it are replaced, and lowering it to 0 finishes the update.
func TestStatefulSetRollingUpdatePartition(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns = "statefulset-rolling"
	set := statefulSet("db", 3, appsv1.ParallelPodManagement)
	set.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{
		Type:          appsv1.RollingUpdateStatefulSetStrategyType,
		RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr[int32](2)},
	}
	first := startStatefulSet(t, client, ns, set)

	patch := []byte(`{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"busybox:2"}]}}}}`)
	if _, err := client.AppsV1().StatefulSets(ns).Patch(ctx, "db", "application/strategic-merge-patch+json", patch, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	rolled := waitForStatefulSet(t, client, ns, "db", func(s *appsv1.StatefulSet) error {
		if s.Status.UpdateRevision == first.Status.CurrentRevision || s.Status.UpdatedReplicas != 1 || s.Status.ReadyReplicas != 3 {
			return fmt.Errorf("status %+v", s.Status)
		}
		return nil
	})
	imageAndRevision := func(name string) (string, string) {
		pod := getPod(t, client, ns, name)
		return pod.Spec.Containers[0].Image, pod.Labels[appsv1.ControllerRevisionHashLabelKey]
	}
	for _, tc := range []struct{ pod, image, revision string }{
		{"db-0", "busybox:1", first.Status.CurrentRevision},
		{"db-1", "busybox:1", first.Status.CurrentRevision},
		{"db-2", "busybox:2", rolled.Status.UpdateRevision},
	} {
		if image, revision := imageAndRevision(tc.pod); image != tc.image || revision != tc.revision {
			t.Errorf("pod %s runs %s at %s, want %s at %s", tc.pod, image, revision, tc.image, tc.revision)
		}
	}
	if rolled.Status.CurrentRevision != first.Status.CurrentRevision {
		t.Errorf("current revision %s moved during a partitioned update", rolled.Status.CurrentRevision)
	}

	if _, err := client.AppsV1().StatefulSets(ns).Patch(ctx, "db", "application/merge-patch+json", []byte(`{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	done := waitForStatefulSet(t, client, ns, "db", func(s *appsv1.StatefulSet) error {
		if s.Status.UpdatedReplicas != 3 || s.Status.ReadyReplicas != 3 || s.Status.CurrentRevision != s.Status.UpdateRevision {
			return fmt.Errorf("status %+v", s.Status)
		}
		return nil
	})
	for _, name := range []string{"db-0", "db-1", "db-2"} {
		if image, revision := imageAndRevision(name); image != "busybox:2" || revision != done.Status.UpdateRevision {
			t.Errorf("pod %s runs %s at %s after the update", name, image, revision)
		}
	}
	revisions, err := client.AppsV1().ControllerRevisions(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(revisions.Items) != 2 {
		t.Errorf("%d revisions, want the two templates'", len(revisions.Items))
	}
}

// TestStatefulSetClaimRetention checks the owners a Delete retention policy gives the claims: the
// set's for whenDeleted, the pod's once it is scaled away for whenScaled, so that the garbage
// collector removes the claim of a removed pod.
func TestStatefulSetClaimRetention(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns = "statefulset-retention"
	set := statefulSet("kv", 2, appsv1.ParallelPodManagement)
	set.Spec.PersistentVolumeClaimRetentionPolicy = &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{
		WhenDeleted: appsv1.DeletePersistentVolumeClaimRetentionPolicyType,
		WhenScaled:  appsv1.DeletePersistentVolumeClaimRetentionPolicyType,
	}
	created := startStatefulSet(t, client, ns, set)
	for _, claim := range []string{"data-kv-0", "data-kv-1"} {
		eventually(t, func() error {
			pvc, err := client.CoreV1().PersistentVolumeClaims(ns).Get(ctx, claim, metav1.GetOptions{})
			if err != nil {
				return err
			}
			if !metav1.IsControlledBy(pvc, created) {
				return fmt.Errorf("claim %s owners %v, want the set", claim, pvc.OwnerReferences)
			}
			return nil
		})
	}

	if _, err := client.AppsV1().StatefulSets(ns).Patch(ctx, "kv", "application/merge-patch+json", []byte(`{"spec":{"replicas":1}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		_, err := client.CoreV1().PersistentVolumeClaims(ns).Get(ctx, "data-kv-1", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("the claim of the removed pod kv-1 is still there (%v)", err)
	})
	if _, err := client.CoreV1().PersistentVolumeClaims(ns).Get(ctx, "data-kv-0", metav1.GetOptions{}); err != nil {
		t.Errorf("the claim of kv-0, which stays, is gone: %v", err)
	}
}

// TestStatefulSetOnDelete changes the template of an OnDelete set: its pods keep the old one
// until a pod is deleted, which comes back with the new.
func TestStatefulSetOnDelete(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns = "statefulset-ondelete"
	set := statefulSet("cache", 2, appsv1.ParallelPodManagement)
	set.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{Type: appsv1.OnDeleteStatefulSetStrategyType}
	first := startStatefulSet(t, client, ns, set)
	patch := []byte(`{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"busybox:2"}]}}}}`)
	if _, err := client.AppsV1().StatefulSets(ns).Patch(ctx, "cache", "application/strategic-merge-patch+json", patch, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	changed := waitForStatefulSet(t, client, ns, "cache", func(s *appsv1.StatefulSet) error {
		if s.Status.ObservedGeneration != s.Generation || s.Status.UpdateRevision == first.Status.UpdateRevision {
			return fmt.Errorf("status %+v", s.Status)
		}
		return nil
	})
	if changed.Status.UpdatedReplicas != 0 || changed.Status.CurrentReplicas != 2 {
		t.Errorf("status %+v, want both pods still at the current revision", changed.Status)
	}
	old := getPod(t, client, ns, "cache-1")
	if err := client.CoreV1().Pods(ns).Delete(ctx, "cache-1", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		pod, err := client.CoreV1().Pods(ns).Get(ctx, "cache-1", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if pod.UID == old.UID || pod.Spec.Containers[0].Image != "busybox:2" || pod.Labels[appsv1.ControllerRevisionHashLabelKey] != changed.Status.UpdateRevision {
			return fmt.Errorf("cache-1 runs %s at %s", pod.Spec.Containers[0].Image, pod.Labels[appsv1.ControllerRevisionHashLabelKey])
		}
		return nil
	})
	if pod := getPod(t, client, ns, "cache-0"); pod.Spec.Containers[0].Image != "busybox:1" {
		t.Errorf("cache-0, never deleted, runs %s", pod.Spec.Containers[0].Image)
	}
}
