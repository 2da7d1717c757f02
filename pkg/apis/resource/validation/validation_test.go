package validation

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	resourcev1 "k8s.io/api/resource/v1"
	apiresource "k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
)

func expectErrors(t *testing.T, errs field.ErrorList, want ...string) {
	t.Helper()
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n got: %q\nwant: %q", got, want)
	}
}

func claimWith(requests ...resourcev1.DeviceRequest) *resourcev1.ResourceClaim {
	return &resourcev1.ResourceClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "claim", Namespace: "default"},
		Spec:       resourcev1.ResourceClaimSpec{Devices: resourcev1.DeviceClaim{Requests: requests}},
	}
}

func exact(name string) resourcev1.DeviceRequest {
	return resourcev1.DeviceRequest{Name: name, Exactly: &resourcev1.ExactDeviceRequest{DeviceClassName: "gpu", AllocationMode: resourcev1.DeviceAllocationModeExactCount, Count: 1}}
}

func selector(expression string) resourcev1.DeviceSelector {
	return resourcev1.DeviceSelector{CEL: &resourcev1.CELDeviceSelector{Expression: expression}}
}

func TestResourceValidateClaim(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*resourcev1.ResourceClaim)
		want   []string
	}{
		{name: "valid", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Requests[0].Exactly.Selectors = []resourcev1.DeviceSelector{selector(`device.attributes["gpu.example.com"].model == "a100" && device.capacity["gpu.example.com"].memory.compareTo(quantity("40Gi")) >= 0`)}
			c.Spec.Devices.Constraints = []resourcev1.DeviceConstraint{{Requests: []string{"gpu"}, MatchAttribute: ptr.To(resourcev1.FullyQualifiedName("gpu.example.com/numa"))}}
			c.Spec.Devices.Config = []resourcev1.DeviceClaimConfiguration{{Requests: []string{"gpu"}, DeviceConfiguration: resourcev1.DeviceConfiguration{Opaque: &resourcev1.OpaqueDeviceConfiguration{Driver: "gpu.example.com", Parameters: runtime.RawExtension{Raw: []byte(`{"sharing":"time-sliced"}`)}}}}}
		}},
		{name: "neither exactly nor firstAvailable", mutate: func(c *resourcev1.ResourceClaim) { c.Spec.Devices.Requests[0].Exactly = nil },
			want: []string{"spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable` is required"}},
		{name: "CEL syntax error", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Requests[0].Exactly.Selectors = []resourcev1.DeviceSelector{selector(`device.driver ==`)}
		}, want: []string{"spec.devices.requests[0].exactly.selectors[0].cel.expression: Invalid value: \"device.driver ==\": compilation failed: ERROR: <input>:1:17: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | device.driver ==\n | ................^"}},
		{name: "CEL not a boolean", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Requests[0].Exactly.Selectors = []resourcev1.DeviceSelector{selector(`device.driver`)}
		}, want: []string{`spec.devices.requests[0].exactly.selectors[0].cel.expression: Invalid value: "device.driver": must evaluate to bool or the unknown type, not string`}},
		{name: "selector without CEL", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Requests[0].Exactly.Selectors = []resourcev1.DeviceSelector{{}}
		}, want: []string{"spec.devices.requests[0].exactly.selectors[0].cel: Required value"}},
		{name: "counts", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Requests[0].Exactly.Count = 0
			c.Spec.Devices.Requests = append(c.Spec.Devices.Requests, resourcev1.DeviceRequest{Name: "all", Exactly: &resourcev1.ExactDeviceRequest{DeviceClassName: "gpu", AllocationMode: resourcev1.DeviceAllocationModeAll, Count: 2}})
		}, want: []string{
			"spec.devices.requests[0].exactly.count: Invalid value: 0: must be greater than zero",
			"spec.devices.requests[1].exactly.count: Invalid value: 2: must not be specified when allocationMode is 'All'",
		}},
		{name: "references", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Constraints = []resourcev1.DeviceConstraint{{Requests: []string{"gpu/big", "nic"}}}
			c.Spec.Devices.Config = []resourcev1.DeviceClaimConfiguration{{Requests: []string{"a/b/c"}}}
		}, want: []string{
			`spec.devices.constraints[0]: Required value: exactly one of "matchAttribute" or "distinctAttribute" is required, but multiple fields are set`,
			`spec.devices.constraints[0].requests[0]: Invalid value: "gpu/big": must be the name of a request in the claim or the name of a request and a subrequest separated by '/'`,
			`spec.devices.constraints[0].requests[1]: Invalid value: "nic": must be the name of a request in the claim or the name of a request and a subrequest separated by '/'`,
			`spec.devices.config[0].requests[0]: Invalid value: "a/b/c": must be the name of a request in the claim or the name of a request and a subrequest separated by '/'`,
			"spec.devices.config[0].opaque: Required value",
		}},
		{name: "opaque parameters", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Config = []resourcev1.DeviceClaimConfiguration{{DeviceConfiguration: resourcev1.DeviceConfiguration{Opaque: &resourcev1.OpaqueDeviceConfiguration{Driver: "gpu.example.com", Parameters: runtime.RawExtension{Raw: []byte(`[1]`)}}}}}
		}, want: []string{`spec.devices.config[0].opaque.parameters: Invalid value: "<value omitted>": must be a valid JSON object`}},
		{name: "toleration value", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Requests[0].Exactly.Tolerations = []resourcev1.DeviceToleration{{Key: "k", Operator: resourcev1.DeviceTolerationOpExists, Value: "v"}}
		}, want: []string{"spec.devices.requests[0].exactly.tolerations[0].value: Invalid value: \"v\": must be empty for operator `Exists`"}},
		{name: "subrequests", mutate: func(c *resourcev1.ResourceClaim) {
			c.Spec.Devices.Requests[0] = resourcev1.DeviceRequest{Name: "gpu", FirstAvailable: []resourcev1.DeviceSubRequest{{Name: "Big", DeviceClassName: "gpu", AllocationMode: resourcev1.DeviceAllocationModeExactCount}}}
		}, want: []string{
			`spec.devices.requests[0].firstAvailable[0].name: Invalid value: "Big": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
			"spec.devices.requests[0].firstAvailable[0].count: Invalid value: 0: must be greater than zero",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			claim := claimWith(exact("gpu"))
			tc.mutate(claim)
			expectErrors(t, ValidateResourceClaim(claim), tc.want...)
		})
	}
}

func allocated(claim *resourcev1.ResourceClaim) *resourcev1.ResourceClaim {
	claim = claim.DeepCopy()
	claim.ResourceVersion = "1"
	claim.Status.Allocation = &resourcev1.AllocationResult{Devices: resourcev1.DeviceAllocationResult{Results: []resourcev1.DeviceRequestAllocationResult{
		{Request: "gpu", Driver: "gpu.example.com", Pool: "node-1", Device: "gpu-0"},
	}}}
	return claim
}

func TestResourceValidateClaimStatusUpdate(t *testing.T) {
	old := claimWith(exact("gpu"))
	old.ResourceVersion = "1"
	for _, tc := range []struct {
		name string
		old  *resourcev1.ResourceClaim
		new  func() *resourcev1.ResourceClaim
		want []string
	}{
		{name: "allocate", old: old, new: func() *resourcev1.ResourceClaim { return allocated(old) }},
		{name: "reserved without allocation", old: old, new: func() *resourcev1.ResourceClaim {
			c := old.DeepCopy()
			c.Status.ReservedFor = []resourcev1.ResourceClaimConsumerReference{{Resource: "pods"}}
			return c
		}, want: []string{
			"status.reservedFor: Forbidden: may not be specified when `allocated` is not set",
			"status.reservedFor[0].name: Required value",
			"status.reservedFor[0].uid: Required value",
		}},
		{name: "allocation of an unknown request", old: old, new: func() *resourcev1.ResourceClaim {
			c := allocated(old)
			c.Status.Allocation.Devices.Results[0].Request = "nic"
			c.Status.Allocation.Devices.Results[0].Device = "GPU"
			return c
		}, want: []string{
			`status.allocation.devices.results[0].request: Invalid value: "nic": must be the name of a request in the claim or the name of a request and a subrequest separated by '/'`,
			`status.allocation.devices.results[0].device: Invalid value: "GPU": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		}},
		{name: "status of a device not allocated", old: allocated(old), new: func() *resourcev1.ResourceClaim {
			c := allocated(old)
			c.Status.Devices = []resourcev1.AllocatedDeviceStatus{{Driver: "gpu.example.com", Pool: "node-1", Device: "gpu-1"}}
			return c
		}, want: []string{`status.devices[0]: Invalid value: "gpu.example.com/node-1/gpu-1": must be an allocated device in the claim`}},
		{name: "new consumers of a deleted claim", old: func() *resourcev1.ResourceClaim {
			c := allocated(old)
			c.DeletionTimestamp = &metav1.Time{}
			return c
		}(), new: func() *resourcev1.ResourceClaim {
			c := allocated(old)
			c.DeletionTimestamp = &metav1.Time{}
			c.Status.ReservedFor = []resourcev1.ResourceClaimConsumerReference{{Resource: "pods", Name: "web", UID: "1"}}
			return c
		}, want: []string{"status.reservedFor: Forbidden: new entries may not be added while `deallocationRequested` or `deletionTimestamp` are set"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, ValidateResourceClaimStatusUpdate(tc.new(), tc.old), tc.want...)
		})
	}
}

func slice(mutate func(*resourcev1.ResourceSliceSpec)) *resourcev1.ResourceSlice {
	s := &resourcev1.ResourceSlice{
		ObjectMeta: metav1.ObjectMeta{Name: "node-1-gpu"},
		Spec: resourcev1.ResourceSliceSpec{
			Driver:   "gpu.example.com",
			Pool:     resourcev1.ResourcePool{Name: "node-1", ResourceSliceCount: 1},
			NodeName: ptr.To("node-1"),
			Devices:  []resourcev1.Device{{Name: "gpu-0"}},
		},
	}
	mutate(&s.Spec)
	return s
}

func TestResourceValidateSlice(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*resourcev1.ResourceSliceSpec)
		want   []string
	}{
		{name: "valid", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.Devices[0].Attributes = map[resourcev1.QualifiedName]resourcev1.DeviceAttribute{"model": {StringValue: ptr.To("a100")}, "gpu.example.com/driverVersion": {VersionValue: ptr.To("1.2.3-rc.1")}}
			s.Devices[0].Capacity = map[resourcev1.QualifiedName]resourcev1.DeviceCapacity{"memory": {Value: apiresource.MustParse("40Gi")}}
		}},
		{name: "no node selection", mutate: func(s *resourcev1.ResourceSliceSpec) { s.NodeName = nil },
			want: []string{"spec: Required value: exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required"}},
		{name: "two node selections", mutate: func(s *resourcev1.ResourceSliceSpec) { s.AllNodes = ptr.To(true) },
			want: []string{"spec: Invalid value: \"{`nodeName`, `allNodes`}\": exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required, but multiple fields are set"}},
		{name: "false and empty", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.NodeName = ptr.To("")
			s.AllNodes = ptr.To(false)
		}, want: []string{
			`spec.nodeName: Invalid value: "": must be either unset or set to a non-empty string`,
			"spec.allNodes: Invalid value: false: must be either unset or set to true",
			"spec: Required value: exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required",
		}},
		{name: "node selector terms", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.NodeName = nil
			term := corev1.NodeSelectorTerm{MatchFields: []corev1.NodeSelectorRequirement{{Key: "metadata.name", Operator: corev1.NodeSelectorOpIn, Values: []string{"node-1"}}}}
			s.NodeSelector = &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{term, term}}
		}, want: []string{`spec.nodeSelector.nodeSelectorTerms: Invalid value: [{"MatchExpressions":null,"MatchFields":[{"Key":"metadata.name","Operator":"In","Values":["node-1"]}]},{"MatchExpressions":null,"MatchFields":[{"Key":"metadata.name","Operator":"In","Values":["node-1"]}]}]: must have exactly one node selector term`}},
		{name: "pool and driver", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.Driver = ""
			s.Pool = resourcev1.ResourcePool{Name: "a//b", Generation: -1}
		}, want: []string{
			"spec.driver: Required value",
			`spec.driver: Invalid value: "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			`spec.pool.name: Invalid value: "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			"spec.pool.resourceSliceCount: Invalid value: 0: must be greater than zero",
			"spec.pool.generation: Invalid value: -1: must be greater than or equal to zero",
		}},
		{name: "devices", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.Devices = append(s.Devices, resourcev1.Device{Name: "gpu-0", NodeName: ptr.To("node-1")})
			s.Devices[0].Attributes = map[resourcev1.QualifiedName]resourcev1.DeviceAttribute{
				"gpu.example.com/version": {VersionValue: ptr.To("v1")},
				"a/b/c":                   {BoolValue: ptr.To(true)},
			}
			s.Devices[0].Capacity = map[resourcev1.QualifiedName]resourcev1.DeviceCapacity{"memory": {Value: apiresource.MustParse("1"), RequestPolicy: &resourcev1.CapacityRequestPolicy{}}}
		}, want: []string{
			`spec.devices[0].attributes[gpu.example.com/version].version: Invalid value: "v1": must be a string compatible with semver.org spec 2.0.0`,
			`spec.devices[0].attributes: Invalid value: "a/b/c": must not contain more than one slash`,
			"spec.devices[0].capacity[memory].requestPolicy: Forbidden: allowMultipleAllocations must be true",
			"spec.devices[1]: Invalid value: null: `nodeName`, `nodeSelector` and `allNodes` can only be set if `perDeviceNodeSelection` is set to true in the ResourceSlice spec",
			`spec.devices[1]: Duplicate value: "gpu-0"`,
		}},
		{name: "too many devices with taints", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.Devices = make([]resourcev1.Device, resourcev1.ResourceSliceMaxDevicesWithAdvancedFeatures+1)
			s.Devices[0].Taints = []resourcev1.DeviceTaint{{Key: "k", Effect: resourcev1.DeviceTaintEffectNoSchedule}}
		}, want: []string{"spec.devices: Too many: 65: must have at most 64 items"}},
		{name: "per-device node selection", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.NodeName = nil
			s.PerDeviceNodeSelection = ptr.To(true)
			s.Devices = append(s.Devices, resourcev1.Device{Name: "gpu-1", NodeName: ptr.To("node-1"), AllNodes: ptr.To(true)})
		}, want: []string{
			"spec.devices[0]: Required value: exactly one of `nodeName`, `nodeSelector`, or `allNodes` is required when `perDeviceNodeSelection` is set to true in the ResourceSlice spec",
			"spec.devices[1]: Invalid value: \"{`nodeName`, `allNodes`}\": exactly one of `nodeName`, `nodeSelector`, or `allNodes` is required when `perDeviceNodeSelection` is set to true in the ResourceSlice spec",
		}},
		{name: "request policy range", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.Devices[0].AllowMultipleAllocations = ptr.To(true)
			s.Devices[0].Capacity = map[resourcev1.QualifiedName]resourcev1.DeviceCapacity{"memory": {Value: apiresource.MustParse("10Gi"), RequestPolicy: &resourcev1.CapacityRequestPolicy{
				Default:    ptr.To(apiresource.MustParse("2Gi")),
				ValidRange: &resourcev1.CapacityRequestPolicyRange{Min: ptr.To(apiresource.MustParse("1Gi")), Step: ptr.To(apiresource.MustParse("2Gi"))},
			}}}
		}, want: []string{"spec.devices[0].capacity[memory].requestPolicy.validRange.step: Invalid value: \"2Gi\": value is not a multiple of a given step (2Gi) from (1Gi)"}},
		{name: "shared counters and devices", mutate: func(s *resourcev1.ResourceSliceSpec) {
			s.SharedCounters = []resourcev1.CounterSet{{Name: "gpu", Counters: map[string]resourcev1.Counter{"memory": {Value: apiresource.MustParse("1")}}}}
		}, want: []string{`spec: Invalid value: "": only one of ` + "`sharedCounters` or `devices`" + ` is allowed`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, ValidateResourceSlice(slice(tc.mutate)), tc.want...)
		})
	}
}

func TestResourceValidateSliceUpdate(t *testing.T) {
	old := slice(func(*resourcev1.ResourceSliceSpec) {})
	old.ResourceVersion = "1"
	updated := slice(func(s *resourcev1.ResourceSliceSpec) {
		s.Driver = "nic.example.com"
		s.NodeName = ptr.To("node-2")
	})
	updated.ResourceVersion = "1"
	expectErrors(t, ValidateResourceSliceUpdate(updated, old),
		`spec.driver: Invalid value: "nic.example.com": field is immutable`,
		`spec.nodeName: Invalid value: "node-2": field is immutable`,
	)
}

func TestResourceValidateDeviceClass(t *testing.T) {
	class := &resourcev1.DeviceClass{ObjectMeta: metav1.ObjectMeta{Name: "gpu.example.com"}, Spec: resourcev1.DeviceClassSpec{
		Selectors: []resourcev1.DeviceSelector{selector(`device.driver == "gpu.example.com" && device.allowMultipleAllocations`), selector(`device.model`)},
		Config:    []resourcev1.DeviceClassConfiguration{{DeviceConfiguration: resourcev1.DeviceConfiguration{Opaque: &resourcev1.OpaqueDeviceConfiguration{Driver: "gpu.example.com"}}}},
	}}
	expectErrors(t, ValidateDeviceClass(class),
		"spec.selectors[1].cel.expression: Invalid value: \"device.model\": compilation failed: ERROR: <input>:1:7: undefined field 'model'\n | device.model\n | ......^",
		"spec.config[0].opaque.parameters: Required value",
	)

	// Unchanged selectors are stored ones and are not compiled again.
	old := class.DeepCopy()
	old.ResourceVersion = "1"
	updated := old.DeepCopy()
	updated.Labels = map[string]string{"a": "b"}
	expectErrors(t, ValidateDeviceClassUpdate(updated, old), "spec.config[0].opaque.parameters: Required value")
}

func TestResourceValidateDeviceTaintRule(t *testing.T) {
	rule := &resourcev1.DeviceTaintRule{ObjectMeta: metav1.ObjectMeta{Name: "drain"}, Spec: resourcev1.DeviceTaintRuleSpec{
		DeviceSelector: &resourcev1.DeviceTaintSelector{Driver: ptr.To("gpu.example.com"), Pool: ptr.To("/"), Device: ptr.To("gpu_0")},
		Taint:          resourcev1.DeviceTaint{Key: "example.com/drain", Value: "not ok", Effect: resourcev1.DeviceTaintEffectNoExecute},
	}}
	expectErrors(t, ValidateDeviceTaintRule(rule),
		`spec.deviceSelector.pool: Invalid value: "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		`spec.deviceSelector.pool: Invalid value: "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		`spec.deviceSelector.device: Invalid value: "gpu_0": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		`spec.taint.value: Invalid value: "not ok": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
	)

	old := rule.DeepCopy()
	old.ResourceVersion = "1"
	status := old.DeepCopy()
	for i := 0; i < 9; i++ {
		status.Status.Conditions = append(status.Status.Conditions, metav1.Condition{Type: fmt.Sprintf("Step%d", i), Status: metav1.ConditionFalse, Reason: "Done", LastTransitionTime: metav1.Now()})
	}
	expectErrors(t, ValidateDeviceTaintRuleStatusUpdate(status, old), "status.conditions: Too many: 9: must have at most 8 items")
}

func TestResourceValidateClaimTemplateUpdate(t *testing.T) {
	old := &resourcev1.ResourceClaimTemplate{ObjectMeta: metav1.ObjectMeta{Name: "t", Namespace: "default", ResourceVersion: "1"}}
	updated := old.DeepCopy()
	updated.Spec.ObjectMeta.Labels = map[string]string{"a": "b"}
	expectErrors(t, ValidateResourceClaimTemplateUpdate(updated, old),
		`spec: Invalid value: {"Name":"","GenerateName":"","Namespace":"","SelfLink":"","UID":"","ResourceVersion":"","Generation":0,"CreationTimestamp":null,"DeletionTimestamp":null,"DeletionGracePeriodSeconds":null,"Labels":{"a":"b"},"Annotations":null,"OwnerReferences":null,"Finalizers":null,"ManagedFields":null,"Spec":{"Devices":{"Requests":null,"Constraints":null,"Config":null}}}: field is immutable`)

	template := old.DeepCopy()
	template.Spec.ObjectMeta.Name = "fixed"
	expectErrors(t, ValidateResourceClaimTemplate(template), "spec.metadata.name: Forbidden: cannot be set")
}
