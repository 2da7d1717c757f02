package resourceclaimtemplate

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
)

func TestResourceClaimTemplateStrategy(t *testing.T) {
	ctx := context.Background()
	s := NewStrategy(fake.NewSimpleClientset().CoreV1().Namespaces())
	template := &resourcev1.ResourceClaimTemplate{ObjectMeta: metav1.ObjectMeta{Name: "t", Namespace: "default"}, Spec: resourcev1.ResourceClaimTemplateSpec{Spec: resourcev1.ResourceClaimSpec{Devices: resourcev1.DeviceClaim{Requests: []resourcev1.DeviceRequest{
		{Name: "gpu", FirstAvailable: []resourcev1.DeviceSubRequest{{Name: "a", DeviceClassName: "gpu", DerivedAttributes: []resourcev1.DeviceDerivedAttribute{{Name: "d/x", Expression: "1"}}}}},
	}}}}}
	s.PrepareForCreate(ctx, template)
	if template.Spec.Spec.Devices.Requests[0].FirstAvailable[0].DerivedAttributes != nil {
		t.Error("derived attributes kept, want them dropped while DRADerivedAttributes is off")
	}
}

func TestResourceClaimTemplateAdminAccess(t *testing.T) {
	ctx := context.Background()
	s := NewStrategy(fake.NewSimpleClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "default"}}).CoreV1().Namespaces())
	template := &resourcev1.ResourceClaimTemplate{ObjectMeta: metav1.ObjectMeta{Name: "t", Namespace: "default"}, Spec: resourcev1.ResourceClaimTemplateSpec{Spec: resourcev1.ResourceClaimSpec{Devices: resourcev1.DeviceClaim{Requests: []resourcev1.DeviceRequest{
		{Name: "gpu", Exactly: &resourcev1.ExactDeviceRequest{DeviceClassName: "gpu", AllocationMode: resourcev1.DeviceAllocationModeExactCount, Count: 1, AdminAccess: ptr.To(true)}},
	}}}}}
	errs := s.Validate(ctx, template)
	want := "spec.devices.requests[0].exactly.adminAccess: Forbidden: admin access to devices requires the `resource.kubernetes.io/admin-access: true` label on the containing namespace"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors = %v, want %q", errs, want)
	}
}
