package alwayspullimages

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func pod(policy corev1.PullPolicy, images ...string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}}
	p.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox", ImagePullPolicy: policy}}
	for _, image := range images {
		p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: image, Image: image, ImagePullPolicy: policy})
	}
	p.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug", Image: "busybox", ImagePullPolicy: policy}}}
	return p
}

func policies(p *corev1.Pod) []corev1.PullPolicy {
	var got []corev1.PullPolicy
	for _, c := range p.Spec.InitContainers {
		got = append(got, c.ImagePullPolicy)
	}
	for _, c := range p.Spec.Containers {
		got = append(got, c.ImagePullPolicy)
	}
	for _, c := range p.Spec.EphemeralContainers {
		got = append(got, c.ImagePullPolicy)
	}
	return got
}

func newPlugin() *plugin {
	return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}
}

func TestAdmit(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  admissiontest.Request
		want corev1.PullPolicy
	}{
		{"create", admissiontest.Request{Object: pod(corev1.PullNever, "nginx")}, corev1.PullAlways},
		{"update with a new image", admissiontest.Request{Operation: admission.Update, Object: pod(corev1.PullNever, "nginx:2"), Old: pod(corev1.PullNever, "nginx")}, corev1.PullAlways},
		{"update with the same images", admissiontest.Request{Operation: admission.Update, Object: pod(corev1.PullNever, "nginx"), Old: pod(corev1.PullNever, "nginx")}, corev1.PullNever},
		{"subresource", admissiontest.Request{Object: pod(corev1.PullNever, "nginx"), Subresource: "ephemeralcontainers"}, corev1.PullNever},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := newPlugin().Admit(context.Background(), tc.req.Attributes(), nil); err != nil {
				t.Fatal(err)
			}
			for _, got := range policies(tc.req.Object.(*corev1.Pod)) {
				if got != tc.want {
					t.Errorf("policies = %v, want all %s", policies(tc.req.Object.(*corev1.Pod)), tc.want)
					break
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	if err := newPlugin().Validate(context.Background(), admissiontest.CreatePod(pod(corev1.PullAlways, "nginx")), nil); err != nil {
		t.Errorf("pulling always: %v", err)
	}
	err := newPlugin().Validate(context.Background(), admissiontest.CreatePod(pod(corev1.PullIfNotPresent, "nginx")), nil)
	want := `[pods "p" is forbidden: spec.initContainers[0].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always", ` +
		`pods "p" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always", ` +
		`pods "p" is forbidden: spec.ephemeralContainers[0].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"]`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}
