package limitranger

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

// newTestPlugin returns the plugin with an informer that has not seen ranges yet, which the API
// has: the live lookup finds them.
func newTestPlugin(ranges ...runtime.Object) *plugin {
	client := fake.NewClientset(ranges...)
	p := newPlugin()
	p.SetExternalKubeClientSet(client)
	p.SetExternalKubeInformerFactory(informers.NewSharedInformerFactory(client, 0))
	return p
}

func list(kv ...string) corev1.ResourceList {
	l := corev1.ResourceList{}
	for i := 0; i < len(kv); i += 2 {
		l[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return l
}

func limitRange(items ...corev1.LimitRangeItem) *corev1.LimitRange {
	return &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "lr", Namespace: "ns"}, Spec: corev1.LimitRangeSpec{Limits: items}}
}

func podWith(resources ...corev1.ResourceRequirements) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}}
	for i, r := range resources {
		pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: string(rune('a' + i)), Resources: r})
	}
	return pod
}

func admitAndValidate(p *plugin, pod *corev1.Pod) error {
	a := admissiontest.CreatePod(pod)
	if err := p.Admit(context.Background(), a, nil); err != nil {
		return err
	}
	return p.Validate(context.Background(), a, nil)
}

func TestDefaults(t *testing.T) {
	p := newTestPlugin(limitRange(corev1.LimitRangeItem{
		Type:           corev1.LimitTypeContainer,
		Default:        list("cpu", "1", "memory", "1Gi"),
		DefaultRequest: list("cpu", "100m"),
	}))
	pod := podWith(corev1.ResourceRequirements{Limits: list("memory", "2Gi")}, corev1.ResourceRequirements{})
	pod.Spec.InitContainers = []corev1.Container{{Name: "init", Resources: corev1.ResourceRequirements{Requests: list("cpu", "50m"), Limits: list("cpu", "1", "memory", "1Gi")}}}
	if err := admitAndValidate(p, pod); err != nil {
		t.Fatal(err)
	}
	a := pod.Spec.Containers[0].Resources
	if a.Limits.Memory().String() != "2Gi" || a.Limits.Cpu().String() != "1" || a.Requests.Cpu().String() != "100m" {
		t.Errorf("container a = %+v, want its own memory limit and the defaults for the rest", a)
	}
	want := "LimitRanger plugin set: cpu request for container a; cpu limit for container a; cpu request for container b; cpu, memory limit for container b"
	if got := pod.Annotations[annotation]; got != want {
		t.Errorf("annotation = %q\nwant %q", got, want)
	}
}

func TestConstraints(t *testing.T) {
	for _, tc := range []struct {
		name string
		item corev1.LimitRangeItem
		pod  *corev1.Pod
		want string
	}{{
		name: "container max limit",
		item: corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Max: list("cpu", "1")},
		pod:  podWith(corev1.ResourceRequirements{Limits: list("cpu", "2")}),
		want: `pods "p" is forbidden: maximum cpu usage per Container is 1, but limit is 2`,
	}, {
		name: "container max without limit",
		item: corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Max: list("memory", "1Gi")},
		pod:  podWith(corev1.ResourceRequirements{}),
		want: `pods "p" is forbidden: maximum memory usage per Container is 1Gi.  No limit is specified`,
	}, {
		name: "container min request",
		item: corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Min: list("cpu", "200m")},
		pod:  podWith(corev1.ResourceRequirements{Requests: list("cpu", "100m")}),
		want: `pods "p" is forbidden: minimum cpu usage per Container is 200m, but request is 100m`,
	}, {
		name: "container min without request",
		item: corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Min: list("cpu", "200m")},
		pod:  podWith(corev1.ResourceRequirements{}),
		want: `pods "p" is forbidden: minimum cpu usage per Container is 200m.  No request is specified`,
	}, {
		name: "container ratio",
		item: corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, MaxLimitRequestRatio: list("cpu", "2")},
		pod:  podWith(corev1.ResourceRequirements{Requests: list("cpu", "100m"), Limits: list("cpu", "500m")}),
		want: `pods "p" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000`,
	}, {
		name: "container ratio without request",
		item: corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, MaxLimitRequestRatio: list("cpu", "2")},
		pod:  podWith(corev1.ResourceRequirements{Limits: list("cpu", "500m")}),
		want: `pods "p" is forbidden: cpu max limit to request ratio per Container is 2, but no request is specified or request is 0`,
	}, {
		name: "pod max over the sum of containers",
		item: corev1.LimitRangeItem{Type: corev1.LimitTypePod, Max: list("memory", "1Gi")},
		pod:  podWith(corev1.ResourceRequirements{Limits: list("memory", "600Mi")}, corev1.ResourceRequirements{Limits: list("memory", "600Mi")}),
		want: `pods "p" is forbidden: maximum memory usage per Pod is 1Gi, but limit is 1200Mi`,
	}, {
		name: "within bounds",
		item: corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Max: list("cpu", "1"), Min: list("cpu", "10m")},
		pod:  podWith(corev1.ResourceRequirements{Requests: list("cpu", "10m"), Limits: list("cpu", "1")}),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			err := admitAndValidate(newTestPlugin(limitRange(tc.item)), tc.pod)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestClaims(t *testing.T) {
	p := newTestPlugin(limitRange(corev1.LimitRangeItem{Type: corev1.LimitTypePersistentVolumeClaim, Min: list("storage", "1Gi"), Max: list("storage", "10Gi")}))
	claim := func(size string) *corev1.PersistentVolumeClaim {
		return &corev1.PersistentVolumeClaim{
			ObjectMeta: metav1.ObjectMeta{Name: "c", Namespace: "ns"},
			Spec:       corev1.PersistentVolumeClaimSpec{Resources: corev1.VolumeResourceRequirements{Requests: list("storage", size)}},
		}
	}
	for size, want := range map[string]string{
		"5Gi":   "",
		"20Gi":  `persistentvolumeclaims "c" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi`,
		"500Mi": `persistentvolumeclaims "c" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi`,
	} {
		a := admissiontest.Request{
			Object: claim(size), Namespace: "ns", Name: "c",
			Resource: corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims"), Kind: "PersistentVolumeClaim",
		}.Attributes()
		err := p.Validate(context.Background(), a, nil)
		if got := errString(err); got != want {
			t.Errorf("%s: err = %q, want %q", size, got, want)
		}
	}
}

func TestPodUpdatesIgnored(t *testing.T) {
	p := newTestPlugin(limitRange(corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Max: list("cpu", "1")}))
	pod := podWith(corev1.ResourceRequirements{Limits: list("cpu", "2")})
	a := admissiontest.Request{Object: pod, Old: pod.DeepCopy(), Namespace: "ns", Name: "p", Operation: "UPDATE"}.Attributes()
	if err := p.Validate(context.Background(), a, nil); err != nil {
		t.Errorf("update: %v; a pod's containers cannot change after create, so updates are not checked", err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestResize(t *testing.T) {
	p := newTestPlugin(limitRange(corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Max: list("cpu", "1", "memory", "1Gi")}))
	// The stored pod predates the LimitRange: its memory limit is over the max.
	old := podWith(corev1.ResourceRequirements{Limits: list("cpu", "500m", "memory", "2Gi")})
	resize := func(cpu string) error {
		pod := old.DeepCopy()
		pod.Spec.Containers[0].Resources.Limits[corev1.ResourceCPU] = resource.MustParse(cpu)
		a := admissiontest.Request{Object: pod, Old: old, Namespace: "ns", Name: "p", Subresource: "resize", Operation: "UPDATE"}.Attributes()
		if err := p.Admit(context.Background(), a, nil); err != nil {
			return err
		}
		return p.Validate(context.Background(), a, nil)
	}
	if err := resize("800m"); err != nil {
		t.Errorf("resize within the max, memory unchanged: %v", err)
	}
	want := `pods "p" is forbidden: maximum cpu usage per Container is 1, but limit is 2`
	if err := resize("2"); errString(err) != want {
		t.Errorf("resize over the max: err = %v\nwant %s", err, want)
	}
}

func TestPodTotalLeavesOutOverhead(t *testing.T) {
	p := newTestPlugin(limitRange(corev1.LimitRangeItem{Type: corev1.LimitTypePod, Max: list("memory", "1Gi")}))
	pod := podWith(corev1.ResourceRequirements{Limits: list("memory", "1Gi")})
	pod.Spec.Overhead = list("memory", "100Mi")
	if err := admitAndValidate(p, pod); err != nil {
		t.Errorf("pod at the max plus overhead: %v", err)
	}
}
