package integration

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"
)

func TestPodCreateAppliesDefaultsOverJSONAndProtobuf(t *testing.T) {
	for name, client := range map[string]kubernetes.Interface{"json": jsonClient(t), "protobuf": protobufClient(t)} {
		t.Run(name, func(t *testing.T) {
			ns := "pod-defaults-" + name
			createNamespace(t, client, ns)
			pod := simplePod("web", "nginx:1.27")
			pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{
				Name: "sidecar", Image: "busybox",
				Ports: []corev1.ContainerPort{{ContainerPort: 8080}},
			})
			got, err := client.CoreV1().Pods(ns).Create(context.Background(), pod, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checks := []struct {
				what      string
				got, want any
			}{
				{"status.phase", got.Status.Phase, corev1.PodPending},
				{"status.qosClass", got.Status.QOSClass, corev1.PodQOSBestEffort},
				{"spec.restartPolicy", got.Spec.RestartPolicy, corev1.RestartPolicyAlways},
				{"spec.dnsPolicy", got.Spec.DNSPolicy, corev1.DNSClusterFirst},
				{"spec.schedulerName", got.Spec.SchedulerName, "default-scheduler"},
				{"spec.terminationGracePeriodSeconds", *got.Spec.TerminationGracePeriodSeconds, int64(30)},
				{"spec.enableServiceLinks", *got.Spec.EnableServiceLinks, true},
				{"tagged imagePullPolicy", got.Spec.Containers[0].ImagePullPolicy, corev1.PullIfNotPresent},
				{"untagged imagePullPolicy", got.Spec.Containers[1].ImagePullPolicy, corev1.PullAlways},
				{"terminationMessagePath", got.Spec.Containers[0].TerminationMessagePath, "/dev/termination-log"},
				{"terminationMessagePolicy", got.Spec.Containers[0].TerminationMessagePolicy, corev1.TerminationMessageReadFile},
				{"port protocol", got.Spec.Containers[1].Ports[0].Protocol, corev1.ProtocolTCP},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestPodQOSClass(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "pod-qos")
	cpu := resource.MustParse("100m")
	guaranteed := simplePod("guaranteed", "nginx")
	guaranteed.Spec.Containers[0].Resources = corev1.ResourceRequirements{
		Limits: corev1.ResourceList{corev1.ResourceCPU: cpu, corev1.ResourceMemory: resource.MustParse("64Mi")},
	}
	burstable := simplePod("burstable", "nginx")
	burstable.Spec.Containers[0].Resources = corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: cpu}}
	for pod, want := range map[*corev1.Pod]corev1.PodQOSClass{guaranteed: corev1.PodQOSGuaranteed, burstable: corev1.PodQOSBurstable} {
		got, err := client.CoreV1().Pods("pod-qos").Create(context.Background(), pod, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status.QOSClass != want {
			t.Errorf("%s: qosClass = %s, want %s", pod.Name, got.Status.QOSClass, want)
		}
	}
}

func TestPodBindingAndDeletion(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "pod-binding")
	pods := client.CoreV1().Pods("pod-binding")
	for _, name := range []string{"bound", "unbound"} {
		if _, err := pods.Create(ctx, simplePod(name, "nginx"), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	binding := &corev1.Binding{
		ObjectMeta: metav1.ObjectMeta{Name: "bound"},
		Target:     corev1.ObjectReference{Kind: "Node", Name: "node-a"},
	}
	if err := pods.Bind(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatalf("bind: %v", err)
	}
	got, err := pods.Get(ctx, "bound", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Spec.NodeName != "node-a" {
		t.Fatalf("spec.nodeName = %q, want node-a", got.Spec.NodeName)
	}
	binding.Target.Name = "node-b"
	if err := pods.Bind(ctx, binding, metav1.CreateOptions{}); !apierrors.IsConflict(err) {
		t.Fatalf("second bind: err = %v, want 409 Conflict", err)
	}

	list, err := pods.List(ctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("spec.nodeName", "node-a").String()})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "bound" {
		t.Fatalf("field selector spec.nodeName=node-a listed %d pods, want only bound", len(list.Items))
	}

	if err := pods.Delete(ctx, "unbound", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := pods.Get(ctx, "unbound", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("unbound pod after delete: err = %v, want NotFound at once", err)
	}

	if err := pods.Delete(ctx, "bound", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err = pods.Get(ctx, "bound", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("bound pod after graceful delete: %v, want it kept until its kubelet confirms", err)
	}
	if got.DeletionTimestamp == nil || got.DeletionGracePeriodSeconds == nil || *got.DeletionGracePeriodSeconds != 30 {
		t.Fatalf("deletionTimestamp = %v, deletionGracePeriodSeconds = %v; want set, 30", got.DeletionTimestamp, got.DeletionGracePeriodSeconds)
	}
	zero := int64(0)
	if err := pods.Delete(ctx, "bound", metav1.DeleteOptions{GracePeriodSeconds: &zero}); err != nil {
		t.Fatal(err)
	}
	if _, err := pods.Get(ctx, "bound", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("bound pod after grace 0 delete: err = %v, want NotFound", err)
	}
}

func TestPodStatusSubresource(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "pod-status")
	pods := client.CoreV1().Pods("pod-status")
	pod, err := pods.Create(ctx, simplePod("p", "nginx"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod.Status.Phase = corev1.PodRunning
	pod.Spec.ActiveDeadlineSeconds = ptr(int64(60))
	updated, err := pods.UpdateStatus(ctx, pod, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Status.Phase != corev1.PodRunning {
		t.Errorf("status.phase = %s, want Running", updated.Status.Phase)
	}
	if updated.Spec.ActiveDeadlineSeconds != nil {
		t.Errorf("status update changed spec.activeDeadlineSeconds to %d", *updated.Spec.ActiveDeadlineSeconds)
	}

	updated.Status.Phase = corev1.PodFailed
	updated.Labels["tier"] = "web"
	again, err := pods.Update(ctx, updated, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Status.Phase != corev1.PodRunning || again.Labels["tier"] != "web" {
		t.Errorf("main update: phase = %s, labels = %v; want status kept (Running) and labels changed", again.Status.Phase, again.Labels)
	}
}

func TestWatchSeesPodEvents(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := protobufClient(t)
	createNamespace(t, client, "pod-watch")
	pods := client.CoreV1().Pods("pod-watch")
	w, err := pods.Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if _, err := pods.Create(ctx, simplePod("watched", "nginx"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-w.ResultChan():
		pod, ok := ev.Object.(*corev1.Pod)
		if ev.Type != "ADDED" || !ok || pod.Name != "watched" {
			t.Fatalf("first event = %s %T, want ADDED pod watched", ev.Type, ev.Object)
		}
	case <-ctx.Done():
		t.Fatal("no watch event")
	}
}

// TestLegacyBindingsEndpoint binds through /api/v1/namespaces/{namespace}/bindings, which older
// schedulers use and which takes the pod's name from the binding.
func TestLegacyBindingsEndpoint(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "legacy-bindings")
	pods := client.CoreV1().Pods("legacy-bindings")
	if _, err := pods.Create(ctx, simplePod("web", "nginx"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	bind := func(node string) error {
		binding := &corev1.Binding{
			ObjectMeta: metav1.ObjectMeta{Name: "web"},
			Target:     corev1.ObjectReference{Kind: "Node", Name: node},
		}
		return client.CoreV1().RESTClient().Post().Namespace("legacy-bindings").Resource("bindings").Body(binding).Do(ctx).Error()
	}
	if err := bind("node-a"); err != nil {
		t.Fatalf("POST bindings: %v", err)
	}
	got, err := pods.Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Spec.NodeName != "node-a" {
		t.Fatalf("spec.nodeName = %q, want node-a", got.Spec.NodeName)
	}
	if err := bind("node-b"); !apierrors.IsConflict(err) {
		t.Fatalf("second POST bindings: err = %v, want 409 Conflict", err)
	}
}

// TestPodEphemeralContainers adds a debug container through pods/ephemeralcontainers as `kubectl
// debug` does: other spec changes sent along are ignored, and an existing ephemeral container can be
// neither changed nor removed.
func TestPodEphemeralContainers(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "pod-debug")
	pods := client.CoreV1().Pods("pod-debug")
	pod, err := pods.Create(ctx, simplePod("web", "nginx"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{
		Name: "debugger", Image: "busybox:1.36", TerminationMessagePolicy: corev1.TerminationMessageReadFile, ImagePullPolicy: corev1.PullIfNotPresent,
	}}}
	pod.Spec.Containers[0].Image = "nginx:changed"
	got, err := pods.UpdateEphemeralContainers(ctx, "web", pod, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("adding an ephemeral container: %v", err)
	}
	if len(got.Spec.EphemeralContainers) != 1 || got.Spec.EphemeralContainers[0].Name != "debugger" {
		t.Fatalf("spec.ephemeralContainers = %+v, want the debugger", got.Spec.EphemeralContainers)
	}
	if got.Spec.Containers[0].Image != "nginx" {
		t.Errorf("spec.containers[0].image = %q after an ephemeralcontainers update, want it unchanged", got.Spec.Containers[0].Image)
	}

	got.Spec.EphemeralContainers[0].Image = "busybox:other"
	_, err = pods.UpdateEphemeralContainers(ctx, "web", got, metav1.UpdateOptions{})
	if !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), "spec.ephemeralContainers") {
		t.Fatalf("changing an ephemeral container: err = %v, want 422 on spec.ephemeralContainers", err)
	}
}
