package resourceclaim

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
)

func storedClaim() *resourcev1.ResourceClaim {
	return &resourcev1.ResourceClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "gpu", Namespace: "default", ResourceVersion: "1", Labels: map[string]string{"app": "web"}},
		Spec: resourcev1.ResourceClaimSpec{Devices: resourcev1.DeviceClaim{Requests: []resourcev1.DeviceRequest{
			{Name: "gpu", Exactly: &resourcev1.ExactDeviceRequest{DeviceClassName: "gpu", AllocationMode: resourcev1.DeviceAllocationModeExactCount, Count: 1}},
		}}},
		Status: resourcev1.ResourceClaimStatus{
			Allocation: &resourcev1.AllocationResult{Devices: resourcev1.DeviceAllocationResult{Results: []resourcev1.DeviceRequestAllocationResult{{Request: "gpu", Driver: "d", Pool: "p", Device: "gpu-0"}}}},
			Devices:    []resourcev1.AllocatedDeviceStatus{{Driver: "d", Pool: "p", Device: "gpu-0"}},
		},
	}
}

func TestResourceClaimStrategy(t *testing.T) {
	ctx := context.Background()
	s := NewStrategy(fake.NewSimpleClientset().CoreV1().Namespaces())

	claim := storedClaim()
	claim.Spec.Devices.Requests[0].Exactly.DerivedAttributes = []resourcev1.DeviceDerivedAttribute{{Name: "d/x", Expression: "1"}}
	s.PrepareForCreate(ctx, claim)
	if claim.Status.Allocation != nil || claim.Spec.Devices.Requests[0].Exactly.DerivedAttributes != nil || claim.Generation != 0 {
		t.Errorf("after create: %+v; want no status, no derived attributes (DRADerivedAttributes is off) and no generation", claim)
	}

	update := storedClaim()
	update.Status = resourcev1.ResourceClaimStatus{}
	s.PrepareForUpdate(ctx, update, storedClaim())
	if update.Status.Allocation == nil {
		t.Error("a write of the main resource dropped the stored allocation")
	}
	want := fieldpath.NewSet(fieldpath.MakePathOrDie("status"))
	if got := s.GetResetFields()["resource.k8s.io/v1"]; got == nil || !got.Equals(want) {
		t.Errorf("reset fields = %v, want status", got)
	}
}

func TestResourceClaimStatusStrategy(t *testing.T) {
	ctx := context.Background()
	s := NewStatusStrategy(NewStrategy(fake.NewSimpleClientset().CoreV1().Namespaces()))

	claim := storedClaim()
	claim.Spec.Devices.Requests[0].Exactly.Count = 4
	claim.Labels = map[string]string{"app": "other"}
	claim.Status.Allocation = nil
	s.PrepareForUpdate(ctx, claim, storedClaim())
	if claim.Spec.Devices.Requests[0].Exactly.Count != 1 || claim.Labels["app"] != "web" {
		t.Errorf("status write changed spec or labels: %+v %v", claim.Spec.Devices.Requests[0].Exactly, claim.Labels)
	}
	if claim.Status.Devices != nil {
		t.Errorf("status of a deallocated device kept: %+v", claim.Status.Devices)
	}
	want := fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))
	if got := s.GetResetFields()["resource.k8s.io/v1"]; got == nil || !got.Equals(want) {
		t.Errorf("reset fields = %v, want spec", got)
	}
}

func TestResourceClaimAdminAccess(t *testing.T) {
	ctx := context.Background()
	namespaces := fake.NewSimpleClientset(
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "plain"}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "admin", Labels: map[string]string{resourcev1.DRAAdminNamespaceLabelKey: "true"}}},
	).CoreV1().Namespaces()
	s := NewStrategy(namespaces)
	for ns, want := range map[string]string{
		"plain": "spec.devices.requests[0].exactly.adminAccess: Forbidden: admin access to devices requires the `resource.kubernetes.io/admin-access: true` label on the containing namespace",
		"admin": "",
	} {
		claim := storedClaim()
		claim.Namespace = ns
		claim.Spec.Devices.Requests[0].Exactly.AdminAccess = ptr.To(true)
		var got string
		if errs := s.Validate(ctx, claim); len(errs) > 0 {
			got = errs[0].Error()
		}
		if got != want {
			t.Errorf("namespace %s: %q, want %q", ns, got, want)
		}
	}
}

func TestResourceClaimTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-time.Hour))
	for _, tc := range []struct {
		name  string
		claim func() *resourcev1.ResourceClaim
		want  string
	}{
		{"pending", func() *resourcev1.ResourceClaim {
			c := storedClaim()
			c.Status = resourcev1.ResourceClaimStatus{}
			return c
		}, "pending"},
		{"allocated", storedClaim, "allocated"},
		{"reserved", func() *resourcev1.ResourceClaim {
			c := storedClaim()
			c.Status.ReservedFor = []resourcev1.ResourceClaimConsumerReference{{Resource: "pods", Name: "web", UID: "1"}}
			return c
		}, "allocated,reserved"},
		{"deleted", func() *resourcev1.ResourceClaim {
			c := storedClaim()
			c.Status = resourcev1.ResourceClaimStatus{}
			c.DeletionTimestamp = &created
			return c
		}, "deleted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			claim := tc.claim()
			claim.CreationTimestamp = created
			table, err := NewTableConvertor().ConvertToTable(context.Background(), claim, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := table.Rows[0].Cells, []interface{}{"gpu", tc.want, "60m"}; !reflect.DeepEqual(got, want) {
				t.Errorf("cells = %v, want %v", got, want)
			}
		})
	}
}

func TestResourceClaimAdminAccessStatus(t *testing.T) {
	ctx := context.Background()
	namespaces := fake.NewSimpleClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "default"}}).CoreV1().Namespaces()
	s := NewStatusStrategy(NewStrategy(namespaces))
	unallocated := storedClaim()
	unallocated.Status = resourcev1.ResourceClaimStatus{}
	granted := storedClaim()
	granted.Status.Devices = nil
	granted.Status.Allocation.Devices.Results[0].AdminAccess = ptr.To(true)

	want := "status.allocation.devices.results[0].adminAccess: Forbidden: admin access to devices requires the `resource.kubernetes.io/admin-access: true` label on the containing namespace"
	if errs := s.ValidateUpdate(ctx, granted, unallocated); len(errs) == 0 || errs[0].Error() != want {
		t.Errorf("new admin allocation: %v, want first %q", errs, want)
	}
	// An allocation that already granted admin access is not checked again.
	if errs := s.ValidateUpdate(ctx, granted.DeepCopy(), granted); len(errs) != 0 {
		t.Errorf("unchanged admin allocation: %v, want none", errs)
	}
}
