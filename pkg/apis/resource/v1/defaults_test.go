package v1_test

import (
	"testing"
	"time"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func TestResourceClaimDefaults(t *testing.T) {
	claim := &resourcev1.ResourceClaim{Spec: resourcev1.ResourceClaimSpec{Devices: resourcev1.DeviceClaim{Requests: []resourcev1.DeviceRequest{
		{Name: "one", Exactly: &resourcev1.ExactDeviceRequest{DeviceClassName: "gpu", Tolerations: []resourcev1.DeviceToleration{{Key: "k"}, {Key: "k", Operator: resourcev1.DeviceTolerationOpExists}}}},
		{Name: "all", Exactly: &resourcev1.ExactDeviceRequest{DeviceClassName: "gpu", AllocationMode: resourcev1.DeviceAllocationModeAll}},
		{Name: "three", Exactly: &resourcev1.ExactDeviceRequest{DeviceClassName: "gpu", Count: 3}},
		{Name: "alternatives", FirstAvailable: []resourcev1.DeviceSubRequest{{Name: "a", DeviceClassName: "gpu"}, {Name: "b", DeviceClassName: "gpu", AllocationMode: resourcev1.DeviceAllocationModeAll}}},
	}}}}
	scheme.Scheme.Default(claim)
	requests := claim.Spec.Devices.Requests
	for _, tc := range []struct {
		name        string
		mode        resourcev1.DeviceAllocationMode
		count, want int64
	}{
		{"one", requests[0].Exactly.AllocationMode, requests[0].Exactly.Count, 1},
		{"all", requests[1].Exactly.AllocationMode, requests[1].Exactly.Count, 0},
		{"three", requests[2].Exactly.AllocationMode, requests[2].Exactly.Count, 3},
		{"alternatives/a", requests[3].FirstAvailable[0].AllocationMode, requests[3].FirstAvailable[0].Count, 1},
		{"alternatives/b", requests[3].FirstAvailable[1].AllocationMode, requests[3].FirstAvailable[1].Count, 0},
	} {
		wantMode := resourcev1.DeviceAllocationModeExactCount
		if tc.want == 0 {
			wantMode = resourcev1.DeviceAllocationModeAll
		}
		if tc.mode != wantMode || tc.count != tc.want {
			t.Errorf("%s: mode %q count %d, want %q %d", tc.name, tc.mode, tc.count, wantMode, tc.want)
		}
	}
	if ops := requests[0].Exactly.Tolerations; ops[0].Operator != resourcev1.DeviceTolerationOpEqual || ops[1].Operator != resourcev1.DeviceTolerationOpExists {
		t.Errorf("toleration operators = %q, %q; want Equal, then the Exists given", ops[0].Operator, ops[1].Operator)
	}
}

func TestResourceTaintDefaults(t *testing.T) {
	given := metav1.NewTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	slice := &resourcev1.ResourceSlice{Spec: resourcev1.ResourceSliceSpec{Devices: []resourcev1.Device{{Name: "gpu-0", Taints: []resourcev1.DeviceTaint{{Key: "a"}, {Key: "b", TimeAdded: &given}}}}}}
	rule := &resourcev1.DeviceTaintRule{Spec: resourcev1.DeviceTaintRuleSpec{Taint: resourcev1.DeviceTaint{Key: "c"}}}
	before := time.Now().Truncate(time.Second)
	scheme.Scheme.Default(slice)
	scheme.Scheme.Default(rule)
	taints := slice.Spec.Devices[0].Taints
	for name, added := range map[string]*metav1.Time{"slice": taints[0].TimeAdded, "rule": rule.Spec.Taint.TimeAdded} {
		if added == nil || added.Before(&metav1.Time{Time: before}) || added.Nanosecond() != 0 {
			t.Errorf("%s taint timeAdded = %v, want now, to the second", name, added)
		}
	}
	if !taints[1].TimeAdded.Equal(&given) {
		t.Errorf("given timeAdded became %v", taints[1].TimeAdded)
	}
}
