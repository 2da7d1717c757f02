package resourceclaimtemplate

import (
	"context"
	"testing"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

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
