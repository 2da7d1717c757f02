package validation

import (
	"context"
	"testing"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func declarativeScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	RegisterDeclarativeValidations(s)
	return s
}

func TestResourceDeclarativeValidations(t *testing.T) {
	ctx := context.Background()
	s := declarativeScheme()

	class := &resourcev1.DeviceClass{ObjectMeta: metav1.ObjectMeta{Name: "GPU"}, Spec: resourcev1.DeviceClassSpec{ExtendedResourceName: new("gpu")}}
	expectErrors(t, s.Validate(ctx, nil, class),
		`metadata.name: Invalid value: "GPU": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		`spec.extendedResourceName: Invalid value: "gpu": a name must be a domain-prefixed path, such as 'example.com/my-prop'`,
	)
	// A name that was stored is not checked again.
	expectErrors(t, s.ValidateUpdate(ctx, nil, &resourcev1.DeviceClass{ObjectMeta: metav1.ObjectMeta{Name: "GPU"}}, &resourcev1.DeviceClass{ObjectMeta: metav1.ObjectMeta{Name: "GPU"}}))

	claim := claimWith(exact("gpu"), exact("gpu"))
	expectErrors(t, s.Validate(ctx, nil, claim), `spec.devices.requests[1]: Duplicate value: {"name":"gpu","exactly":{"deviceClassName":"gpu","allocationMode":"ExactCount","count":1}}`)
	changed := claimWith(exact("gpu"))
	changed.Spec.Devices.Requests[0].Exactly.Count = 2
	expectErrors(t, s.ValidateUpdate(ctx, nil, changed, claimWith(exact("gpu")), "status"), "spec: Invalid value: null: field is immutable")

	if errs := s.ValidateUpdate(ctx, nil, &resourcev1.ResourceSlice{}, &resourcev1.ResourceSlice{}, "status"); len(errs) != 1 || errs[0].Error() != "<nil>: Internal error: no validation found for *v1.ResourceSlice, subresource: /status" {
		t.Errorf("resourceslices/status errors = %v, want one internal error", errs)
	}
}
