package always

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
)

func TestAlwaysDenyForbids(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}}
	attrs := admission.NewAttributesRecord(pod, nil, corev1.SchemeGroupVersion.WithKind("Pod"), "ns", "p", corev1.Resource("pods").WithVersion("v1"), "", admission.Create, &metav1.CreateOptions{}, false, nil)
	err := alwaysDeny{}.Validate(context.Background(), attrs, nil)
	if !apierrors.IsForbidden(err) || err.Error() != `pods "p" is forbidden: admission control is denying all modifications` {
		t.Errorf("AlwaysDeny: err = %v, want 403 admission control is denying all modifications", err)
	}
}
