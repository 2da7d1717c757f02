package integration

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"

	"github.com/kapi-dev/kapi/pkg/controller/deployment"
)

func workloadDeployment(name string, replicas int32) *appsv1.Deployment {
	d := appsDeployment(name)
	d.Spec.Replicas = &replicas
	return d
}

// waitRolledOut waits until the Deployment's current generation is fully rolled out, as kubectl
// rollout status judges it, and returns the Deployment and its new ReplicaSet.
func waitRolledOut(t *testing.T, client kubernetes.Interface, ns, name string) (*appsv1.Deployment, *appsv1.ReplicaSet) {
	t.Helper()
	ctx := context.Background()
	var d *appsv1.Deployment
	var newRS *appsv1.ReplicaSet
	eventually(t, func() error {
		var err error
		if d, err = client.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{}); err != nil {
			return err
		}
		s := d.Status
		if s.ObservedGeneration != d.Generation || s.UpdatedReplicas != *d.Spec.Replicas || s.Replicas != *d.Spec.Replicas ||
			s.AvailableReplicas != *d.Spec.Replicas || s.ReadyReplicas != *d.Spec.Replicas {
			return fmt.Errorf("status %+v at generation %d", s, d.Generation)
		}
		progressing := deploymentCondition(d, appsv1.DeploymentProgressing)
		if progressing == nil || progressing.Reason != deployment.NewRSAvailableReason {
			return fmt.Errorf("progressing condition %+v", progressing)
		}
		hash := deployment.TemplateHash(&d.Spec.Template, d.Status.CollisionCount)
		if newRS, err = client.AppsV1().ReplicaSets(ns).Get(ctx, name+"-"+hash, metav1.GetOptions{}); err != nil {
			return err
		}
		if newRS.Status.Replicas != *d.Spec.Replicas || newRS.Status.ObservedGeneration != newRS.Generation {
			return fmt.Errorf("new replica set status %+v", newRS.Status)
		}
		return nil
	})
	return d, newRS
}

func deploymentCondition(d *appsv1.Deployment, t appsv1.DeploymentConditionType) *appsv1.DeploymentCondition {
	for i := range d.Status.Conditions {
		if d.Status.Conditions[i].Type == t {
			return &d.Status.Conditions[i]
		}
	}
	return nil
}

// replicaSetWatcher follows the ReplicaSets of a namespace and remembers the most pods they
// wanted at once.
type replicaSetWatcher struct {
	mu      sync.Mutex
	wanted  map[string]int32
	mostSum int32
}

func watchReplicaSets(t *testing.T, client kubernetes.Interface, ns string) *replicaSetWatcher {
	t.Helper()
	w, err := client.AppsV1().ReplicaSets(ns).Watch(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rw := &replicaSetWatcher{wanted: map[string]int32{}}
	follow(t, w, func(ev watch.Event) {
		rs, ok := ev.Object.(*appsv1.ReplicaSet)
		if !ok {
			return
		}
		rw.mu.Lock()
		defer rw.mu.Unlock()
		if ev.Type == watch.Deleted {
			delete(rw.wanted, rs.Name)
		} else {
			rw.wanted[rs.Name] = *rs.Spec.Replicas
		}
		total := int32(0)
		for _, n := range rw.wanted {
			total += n
		}
		rw.mostSum = max(rw.mostSum, total)
	})
	return rw
}

func (rw *replicaSetWatcher) most() int32 {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.mostSum
}

// readyWatcher follows the pods of a namespace and remembers the fewest ready pods seen once
// floor were first ready.
type readyWatcher struct {
	mu     sync.Mutex
	ready  map[string]bool
	fewest int
	armed  bool
}

func watchReadyPods(t *testing.T, client kubernetes.Interface, ns string, floor int) *readyWatcher {
	t.Helper()
	w, err := client.CoreV1().Pods(ns).Watch(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rw := &readyWatcher{ready: map[string]bool{}, fewest: floor}
	follow(t, w, func(ev watch.Event) {
		p, ok := ev.Object.(*corev1.Pod)
		if !ok {
			return
		}
		rw.mu.Lock()
		defer rw.mu.Unlock()
		ready := ev.Type != watch.Deleted && p.DeletionTimestamp == nil && slices.ContainsFunc(p.Status.Conditions, func(c corev1.PodCondition) bool {
			return c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue
		})
		if ready {
			rw.ready[p.Name] = true
		} else {
			delete(rw.ready, p.Name)
		}
		if len(rw.ready) >= floor {
			rw.armed = true
		}
		if rw.armed {
			rw.fewest = min(rw.fewest, len(rw.ready))
		}
	})
	return rw
}

func (rw *readyWatcher) least() int {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.fewest
}

// setImage changes the Deployment's image, retrying on the controller's concurrent writes.
func setImage(t *testing.T, client kubernetes.Interface, ns, name, image string) {
	t.Helper()
	updateDeployment(t, client, ns, name, func(d *appsv1.Deployment) { d.Spec.Template.Spec.Containers[0].Image = image })
}

func updateDeployment(t *testing.T, client kubernetes.Interface, ns, name string, change func(*appsv1.Deployment)) {
	t.Helper()
	ctx := context.Background()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		d, err := client.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		change(d)
		_, err = client.AppsV1().Deployments(ns).Update(ctx, d, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDeploymentRollingUpdateRollbackAndHistory(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-deploy-rolling"
	createNamespace(t, client, ns)
	standInKubelet(t, client, ns)
	replicaSets := watchReplicaSets(t, client, ns)
	readyPods := watchReadyPods(t, client, ns, 3)

	d := workloadDeployment("web", 3)
	d.Spec.RevisionHistoryLimit = ptr[int32](1)
	d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{
		MaxSurge: ptr(intstr.FromInt32(1)), MaxUnavailable: ptr(intstr.FromInt32(0)),
	}}
	if _, err := client.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	d, first := waitRolledOut(t, client, ns, "web")
	hash := first.Labels[appsv1.DefaultDeploymentUniqueLabelKey]
	if first.Name != "web-"+hash || first.Spec.Selector.MatchLabels[appsv1.DefaultDeploymentUniqueLabelKey] != hash ||
		first.Spec.Template.Labels[appsv1.DefaultDeploymentUniqueLabelKey] != hash || first.Annotations[deployment.RevisionAnnotation] != "1" ||
		first.Annotations[deployment.DesiredReplicasAnnotation] != "3" || first.Annotations[deployment.MaxReplicasAnnotation] != "4" {
		t.Errorf("first replica set %s: labels %v, selector %v, annotations %v", first.Name, first.Labels, first.Spec.Selector, first.Annotations)
	}
	if ref := metav1.GetControllerOf(first); ref == nil || ref.UID != d.UID || ref.Kind != "Deployment" {
		t.Errorf("first replica set's controller %+v", ref)
	}
	if d.Annotations[deployment.RevisionAnnotation] != "1" {
		t.Errorf("deployment revision %q, want 1", d.Annotations[deployment.RevisionAnnotation])
	}
	available := deploymentCondition(d, appsv1.DeploymentAvailable)
	progressing := deploymentCondition(d, appsv1.DeploymentProgressing)
	if available == nil || available.Status != corev1.ConditionTrue || available.Reason != deployment.MinimumReplicasAvailable ||
		available.Message != "Deployment has minimum availability." ||
		progressing.Status != corev1.ConditionTrue || progressing.Message != fmt.Sprintf("ReplicaSet %q has successfully progressed.", first.Name) {
		t.Errorf("conditions %+v", d.Status.Conditions)
	}
	waitEvents(t, client, ns, "Deployment", "web", "ScalingReplicaSet", "Scaled up replica set "+first.Name+" from 0 to 3")

	// A new image rolls out one surge pod at a time, never below three ready pods.
	setImage(t, client, ns, "web", "nginx:1.28")
	d, second := waitRolledOut(t, client, ns, "web")
	if second.Name == first.Name || second.Annotations[deployment.RevisionAnnotation] != "2" || d.Annotations[deployment.RevisionAnnotation] != "2" {
		t.Errorf("second replica set %s revision %q, deployment revision %q", second.Name, second.Annotations[deployment.RevisionAnnotation], d.Annotations[deployment.RevisionAnnotation])
	}
	eventually(t, func() error {
		old, err := client.AppsV1().ReplicaSets(ns).Get(ctx, first.Name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if *old.Spec.Replicas != 0 || old.Status.Replicas != 0 {
			return fmt.Errorf("old replica set at %d, status %d", *old.Spec.Replicas, old.Status.Replicas)
		}
		return nil
	})
	if most := replicaSets.most(); most > 4 {
		t.Errorf("the replica sets wanted %d pods at once, more than replicas+maxSurge = 4", most)
	}
	if least := readyPods.least(); least < 3 {
		t.Errorf("%d ready pods at one point, fewer than replicas-maxUnavailable = 3", least)
	}
	if pods := workloadPods(t, client, ns, map[string]string{"app": "web"}); len(pods) != 3 || pods[0].Spec.Containers[0].Image != "nginx:1.28" {
		t.Errorf("pods %v after the rollout", podNames(pods))
	}

	// Rolling back to the first template, as kubectl rollout undo does, revives the first
	// replica set as revision 3.
	updateDeployment(t, client, ns, "web", func(d *appsv1.Deployment) {
		d.Spec.Template = *first.Spec.Template.DeepCopy()
		delete(d.Spec.Template.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	})
	d, revived := waitRolledOut(t, client, ns, "web")
	if revived.Name != first.Name || revived.Annotations[deployment.RevisionAnnotation] != "3" ||
		revived.Annotations[deployment.RevisionHistoryAnnotation] != "1" || d.Annotations[deployment.RevisionAnnotation] != "3" {
		t.Errorf("after rollback: replica set %s annotations %v, deployment revision %q", revived.Name, revived.Annotations, d.Annotations[deployment.RevisionAnnotation])
	}

	// A third template leaves two old replica sets, of which revisionHistoryLimit keeps one: the
	// oldest revision goes.
	setImage(t, client, ns, "web", "nginx:1.29")
	waitRolledOut(t, client, ns, "web")
	eventually(t, func() error {
		_, err := client.AppsV1().ReplicaSets(ns).Get(ctx, second.Name, metav1.GetOptions{})
		if !apierrors.IsNotFound(err) {
			return fmt.Errorf("replica set of revision 2: %v", err)
		}
		return nil
	})
	if _, err := client.AppsV1().ReplicaSets(ns).Get(ctx, first.Name, metav1.GetOptions{}); err != nil {
		t.Errorf("replica set of revision 3: %v", err)
	}
}

func TestDeploymentPauseAndResume(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-deploy-pause"
	createNamespace(t, client, ns)
	standInKubelet(t, client, ns)
	if _, err := client.AppsV1().Deployments(ns).Create(ctx, workloadDeployment("web", 2), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	_, first := waitRolledOut(t, client, ns, "web")

	updateDeployment(t, client, ns, "web", func(d *appsv1.Deployment) {
		d.Spec.Paused = true
		d.Spec.Template.Spec.Containers[0].Image = "nginx:1.28"
	})
	var d *appsv1.Deployment
	eventually(t, func() error {
		var err error
		if d, err = client.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{}); err != nil {
			return err
		}
		if d.Status.ObservedGeneration != d.Generation {
			return fmt.Errorf("observed generation %d of %d", d.Status.ObservedGeneration, d.Generation)
		}
		return nil
	})
	progressing := deploymentCondition(d, appsv1.DeploymentProgressing)
	if progressing == nil || progressing.Status != corev1.ConditionUnknown || progressing.Reason != deployment.PausedDeployReason || progressing.Message != "Deployment is paused" {
		t.Errorf("progressing condition while paused %+v", progressing)
	}
	list, err := client.AppsV1().ReplicaSets(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != first.Name {
		t.Errorf("replica sets while paused %d, want only %s", len(list.Items), first.Name)
	}

	updateDeployment(t, client, ns, "web", func(d *appsv1.Deployment) { d.Spec.Paused = false })
	d, second := waitRolledOut(t, client, ns, "web")
	if second.Name == first.Name || second.Spec.Template.Spec.Containers[0].Image != "nginx:1.28" {
		t.Errorf("after resuming the new replica set is %s with %s", second.Name, second.Spec.Template.Spec.Containers[0].Image)
	}
}

func TestDeploymentRecreate(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-deploy-recreate"
	createNamespace(t, client, ns)
	standInKubelet(t, client, ns)
	d := workloadDeployment("db", 2)
	d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
	if _, err := client.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	_, first := waitRolledOut(t, client, ns, "db")
	replicaSets := watchReplicaSets(t, client, ns)
	setImage(t, client, ns, "db", "nginx:1.28")
	_, second := waitRolledOut(t, client, ns, "db")
	// The old pods are all gone before the new ones are wanted.
	if most := replicaSets.most(); most > 2 {
		t.Errorf("the replica sets wanted %d pods at once during a Recreate rollout of 2", most)
	}
	waitEvents(t, client, ns, "Deployment", "db", "ScalingReplicaSet",
		"Scaled up replica set "+first.Name+" from 0 to 2",
		"Scaled down replica set "+first.Name+" from 2 to 0",
		"Scaled up replica set "+second.Name+" from 0 to 2")
}

func TestDeploymentProgressDeadlineExceeded(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-deploy-deadline"
	createNamespace(t, client, ns)
	// No kubelet: the pods never become ready.
	d := workloadDeployment("stuck", 1)
	d.Spec.ProgressDeadlineSeconds = ptr[int32](1)
	if _, err := client.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		d, err := client.AppsV1().Deployments(ns).Get(ctx, "stuck", metav1.GetOptions{})
		if err != nil {
			return err
		}
		c := deploymentCondition(d, appsv1.DeploymentProgressing)
		if c == nil || c.Status != corev1.ConditionFalse || c.Reason != deployment.TimedOutReason {
			return fmt.Errorf("progressing condition %+v", c)
		}
		hash := deployment.TemplateHash(&d.Spec.Template, d.Status.CollisionCount)
		if want := fmt.Sprintf("ReplicaSet %q has timed out progressing.", "stuck-"+hash); c.Message != want {
			return fmt.Errorf("message %q, want %q", c.Message, want)
		}
		if a := deploymentCondition(d, appsv1.DeploymentAvailable); a == nil || a.Status != corev1.ConditionFalse || a.Reason != deployment.MinimumReplicasUnavailable {
			return fmt.Errorf("available condition %+v", a)
		}
		return nil
	})
}

func TestDeploymentReplicaFailureFromQuota(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := "workloads-deploy-quota"
	createNamespace(t, client, ns)
	if _, err := client.CoreV1().ResourceQuotas(ns).Create(ctx, &corev1.ResourceQuota{
		ObjectMeta: metav1.ObjectMeta{Name: "pods"},
		Spec:       corev1.ResourceQuotaSpec{Hard: quotaList("pods", "1")},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitQuotaUsed(t, client, ns, "pods", quotaList("pods", "0"))
	if _, err := client.AppsV1().Deployments(ns).Create(ctx, workloadDeployment("web", 2), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// The replica set gets one pod and the quota refuses the other: its ReplicaFailure condition
	// becomes the deployment's.
	eventually(t, func() error {
		d, err := client.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		c := deploymentCondition(d, appsv1.DeploymentReplicaFailure)
		if c == nil || c.Status != corev1.ConditionTrue || c.Reason != "FailedCreate" || !strings.Contains(c.Message, "exceeded quota: pods") {
			return fmt.Errorf("ReplicaFailure condition %+v", c)
		}
		if d.Status.Replicas != 1 {
			return fmt.Errorf("%d replicas, want the one the quota allows", d.Status.Replicas)
		}
		return nil
	})
	rss, err := client.AppsV1().ReplicaSets(ns).List(ctx, metav1.ListOptions{})
	if err != nil || len(rss.Items) != 1 {
		t.Fatalf("replica sets %v, %v", rss, err)
	}
	eventually(t, func() error {
		list, err := client.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: "involvedObject.kind=ReplicaSet,reason=FailedCreate"})
		if err != nil {
			return err
		}
		for _, e := range list.Items {
			if e.Type == corev1.EventTypeWarning && strings.HasPrefix(e.Message, `Error creating: pods "`+rss.Items[0].Name+`-`) && strings.Contains(e.Message, "exceeded quota: pods") {
				return nil
			}
		}
		return fmt.Errorf("no FailedCreate event for the quota among %d", len(list.Items))
	})
}
