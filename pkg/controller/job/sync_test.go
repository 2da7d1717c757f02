package job

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
	batchlisters "k8s.io/client-go/listers/batch/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	clocktesting "k8s.io/utils/clock/testing"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// testController is a controller over a fake clientset whose caches hold job and pods.
func testController(t *testing.T, now time.Time, job *batchv1.Job, pods ...*corev1.Pod) (*Controller, *fake.Clientset) {
	t.Helper()
	objs := []runtime.Object{job}
	jobIndex := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	_ = jobIndex.Add(job)
	podIndex := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{
		cache.NamespaceIndex: cache.MetaNamespaceIndexFunc,
		controllerUIDIndex: func(obj any) ([]string, error) {
			if ref := metav1.GetControllerOfNoCopy(obj.(*corev1.Pod)); ref != nil {
				return []string{string(ref.UID)}, nil
			}
			return nil, nil
		},
	})
	for _, p := range pods {
		_ = podIndex.Add(p)
		objs = append(objs, p)
	}
	client := fake.NewClientset(objs...)
	// The fake does not generate names as the server does.
	generated := 0
	client.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		pod := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
		if pod.Name == "" {
			generated++
			pod.Name = fmt.Sprintf("%s%d", pod.GenerateName, generated)
		}
		return false, nil, nil
	})
	clk := clocktesting.NewFakeClock(now)
	c := &Controller{
		client:     client,
		pods:       podcontrol.Control{Client: client, Recorder: record.NewFakeRecorder(100)},
		recorder:   record.NewFakeRecorder(100),
		jobs:       batchlisters.NewJobLister(jobIndex),
		podLister:  corelisters.NewPodLister(podIndex),
		podIndex:   podIndex,
		queue:      workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](), workqueue.TypedRateLimitingQueueConfig[string]{Clock: clk}),
		expected:   podcontrol.NewExpectations(clk),
		finalizers: newFinalizerExpectations(),
		backoff:    newBackoffStore(),
		clock:      clk,
	}
	t.Cleanup(c.queue.ShutDown)
	return c, client
}

func testJob(mutate func(*batchv1.Job)) *batchv1.Job {
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "pi", Namespace: "ns", UID: "job-uid"},
		Spec: batchv1.JobSpec{
			Parallelism:  ptr.To[int32](2),
			Completions:  ptr.To[int32](3),
			BackoffLimit: ptr.To[int32](6),
			Selector:     &metav1.LabelSelector{MatchLabels: map[string]string{"job": "pi"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"job": "pi"}},
				Spec:       corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever, Containers: []corev1.Container{{Name: "pi", Image: "perl"}}},
			},
		},
	}
	if mutate != nil {
		mutate(job)
	}
	return job
}

func testPod(name string, phase corev1.PodPhase, index string) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: "ns", UID: types.UID(name), Labels: map[string]string{"job": "pi"},
			Finalizers:      []string{batchv1.JobTrackingFinalizer},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "Job", Name: "pi", UID: "job-uid", Controller: ptr.To(true)}},
		},
		Status: corev1.PodStatus{Phase: phase},
	}
	if index != "" {
		p.Annotations = map[string]string{batchv1.JobCompletionIndexAnnotation: index}
	}
	return p
}

func TestSyncManagesPods(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	indexed := func(j *batchv1.Job) { j.Spec.CompletionMode = ptr.To(batchv1.IndexedCompletion) }
	tests := []struct {
		name        string
		job         *batchv1.Job
		pods        []*corev1.Pod
		wantCreated []string
		wantDeleted []string
		wantActive  int32
	}{
		{name: "starts parallelism pods", job: testJob(nil), wantCreated: []string{"pi-", "pi-"}, wantActive: 2},
		{name: "no more than the remaining completions", job: testJob(nil),
			pods: []*corev1.Pod{testPod("a", corev1.PodSucceeded, ""), testPod("b", corev1.PodSucceeded, ""), testPod("c", corev1.PodRunning, "")}, wantActive: 1},
		{name: "scales down", job: testJob(func(j *batchv1.Job) { j.Spec.Parallelism = ptr.To[int32](1) }),
			pods: []*corev1.Pod{testPod("a", corev1.PodRunning, ""), testPod("b", corev1.PodPending, "")}, wantDeleted: []string{"b"}, wantActive: 1},
		{name: "suspended deletes", job: testJob(func(j *batchv1.Job) { j.Spec.Suspend = ptr.To(true) }),
			pods: []*corev1.Pod{testPod("a", corev1.PodRunning, "")}, wantDeleted: []string{"a"}},
		{name: "indexed starts the missing indexes", job: testJob(indexed),
			pods: []*corev1.Pod{testPod("i0", corev1.PodSucceeded, "0")}, wantCreated: []string{"pi-1-", "pi-2-"}, wantActive: 2},
		{name: "indexed removes a duplicate", job: testJob(indexed),
			pods: []*corev1.Pod{testPod("i1", corev1.PodRunning, "1"), testPod("j1", corev1.PodPending, "1")}, wantDeleted: []string{"j1"}, wantActive: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, client := testController(t, now, tt.job, tt.pods...)
			if err := c.sync(context.Background(), "ns/pi"); err != nil {
				t.Fatal(err)
			}
			var created, deleted []string
			var status *batchv1.Job
			for _, a := range client.Actions() {
				switch {
				case a.GetVerb() == "create" && a.GetResource().Resource == "pods":
					created = append(created, a.(interface{ GetObject() runtime.Object }).GetObject().(*corev1.Pod).GenerateName)
				case a.GetVerb() == "delete" && a.GetResource().Resource == "pods":
					deleted = append(deleted, a.(interface{ GetName() string }).GetName())
				case a.GetVerb() == "update" && a.GetSubresource() == "status":
					status = a.(interface{ GetObject() runtime.Object }).GetObject().(*batchv1.Job)
				}
			}
			sort.Strings(created)
			if !slices.Equal(created, tt.wantCreated) || !slices.Equal(deleted, tt.wantDeleted) {
				t.Errorf("created %v, deleted %v; want %v, %v", created, deleted, tt.wantCreated, tt.wantDeleted)
			}
			if status == nil || status.Status.Active != tt.wantActive {
				t.Fatalf("status %+v, want %d active", status, tt.wantActive)
			}
		})
	}
}

func TestSyncWaitsForBackoff(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	failed := testPod("a", corev1.PodFailed, "")
	failed.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "pi", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, FinishedAt: metav1.NewTime(now.Add(-3 * time.Second))}}}}
	c, client := testController(t, now, testJob(func(j *batchv1.Job) { j.Spec.Parallelism = ptr.To[int32](1) }), failed)
	if err := c.sync(context.Background(), "ns/pi"); err != nil {
		t.Fatal(err)
	}
	for _, a := range client.Actions() {
		if a.GetVerb() == "create" {
			t.Fatalf("a replacement was created during the backoff: %v", a)
		}
	}
	if c.queue.Len() != 0 {
		t.Fatalf("queued at once")
	}
	job, err := client.BatchV1().Jobs("ns").Get(context.Background(), "pi", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if job.Status.Failed != 1 || len(job.Status.UncountedTerminatedPods.Failed) != 0 {
		t.Errorf("status %+v, want the failure counted", job.Status)
	}
}
