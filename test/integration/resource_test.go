package integration

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"
)

func draClass(name string, selectors ...string) *resourcev1.DeviceClass {
	class := &resourcev1.DeviceClass{ObjectMeta: metav1.ObjectMeta{Name: name}}
	for _, s := range selectors {
		class.Spec.Selectors = append(class.Spec.Selectors, resourcev1.DeviceSelector{CEL: &resourcev1.CELDeviceSelector{Expression: s}})
	}
	return class
}

func draClaim(name string, requests ...resourcev1.DeviceRequest) *resourcev1.ResourceClaim {
	return &resourcev1.ResourceClaim{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: resourcev1.ResourceClaimSpec{Devices: resourcev1.DeviceClaim{Requests: requests}}}
}

func exactRequest(name, class string) resourcev1.DeviceRequest {
	return resourcev1.DeviceRequest{Name: name, Exactly: &resourcev1.ExactDeviceRequest{DeviceClassName: class}}
}

func draSlice(name, node string) *resourcev1.ResourceSlice {
	return &resourcev1.ResourceSlice{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: resourcev1.ResourceSliceSpec{
			Driver:   "gpu.example.com",
			Pool:     resourcev1.ResourcePool{Name: node, ResourceSliceCount: 1},
			NodeName: &node,
			Devices:  []resourcev1.Device{{Name: "gpu-0"}},
		},
	}
}

// TestDRADefaults creates one of each resource.k8s.io/v1 kind, in JSON and in protobuf, and checks
// what kube-apiserver fills in: one device in ExactCount mode, Equal tolerations, the time a taint
// was added, and generation 1 where the spec is versioned.
func TestDRADefaults(t *testing.T) {
	ctx := context.Background()
	for name, client := range map[string]kubernetes.Interface{"json": jsonClient(t), "protobuf": protobufClient(t)} {
		t.Run(name, func(t *testing.T) {
			ns := "dra-defaults-" + name
			createNamespace(t, client, ns)
			resource := client.ResourceV1()

			class, err := resource.DeviceClasses().Create(ctx, draClass("gpu-"+name, `device.driver == "gpu.example.com"`), metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if class.Generation != 1 {
				t.Errorf("class generation = %d, want 1", class.Generation)
			}

			request := exactRequest("gpu", class.Name)
			request.Exactly.Tolerations = []resourcev1.DeviceToleration{{Key: "example.com/broken"}}
			claim, err := resource.ResourceClaims(ns).Create(ctx, draClaim("one-gpu", request,
				resourcev1.DeviceRequest{Name: "any", FirstAvailable: []resourcev1.DeviceSubRequest{{Name: "big", DeviceClassName: class.Name}, {Name: "all", DeviceClassName: class.Name, AllocationMode: resourcev1.DeviceAllocationModeAll}}},
			), metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			exactly := claim.Spec.Devices.Requests[0].Exactly
			if exactly.AllocationMode != resourcev1.DeviceAllocationModeExactCount || exactly.Count != 1 || exactly.Tolerations[0].Operator != resourcev1.DeviceTolerationOpEqual {
				t.Errorf("exact request = %+v, want ExactCount, count 1 and an Equal toleration", exactly)
			}
			first := claim.Spec.Devices.Requests[1].FirstAvailable
			if first[0].AllocationMode != resourcev1.DeviceAllocationModeExactCount || first[0].Count != 1 || first[1].Count != 0 {
				t.Errorf("subrequests = %+v, want ExactCount with count 1, then All without a count", first)
			}

			template, err := resource.ResourceClaimTemplates(ns).Create(ctx, &resourcev1.ResourceClaimTemplate{
				ObjectMeta: metav1.ObjectMeta{Name: "per-pod"},
				Spec:       resourcev1.ResourceClaimTemplateSpec{Spec: claim.Spec},
			}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := template.Spec.Spec.Devices.Requests[0].Exactly.Count; got != 1 {
				t.Errorf("template request count = %d, want 1", got)
			}

			slice := draSlice("node-"+name+"-gpu", "node-"+name)
			slice.Spec.Devices[0].Taints = []resourcev1.DeviceTaint{{Key: "example.com/broken", Effect: resourcev1.DeviceTaintEffectNoSchedule}}
			before := time.Now().Add(-time.Second)
			created, err := resource.ResourceSlices().Create(ctx, slice, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if added := created.Spec.Devices[0].Taints[0].TimeAdded; added == nil || added.Time.Before(before) || created.Generation != 1 {
				t.Errorf("slice taint timeAdded = %v, generation %d; want now and 1", added, created.Generation)
			}

			rule, err := resource.DeviceTaintRules().Create(ctx, &resourcev1.DeviceTaintRule{
				ObjectMeta: metav1.ObjectMeta{Name: "drain-" + name},
				Spec:       resourcev1.DeviceTaintRuleSpec{Taint: resourcev1.DeviceTaint{Key: "example.com/drain", Effect: resourcev1.DeviceTaintEffectNone}},
			}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rule.Spec.Taint.TimeAdded == nil || rule.Generation != 1 {
				t.Errorf("rule = %+v, generation %d; want a timeAdded and generation 1", rule.Spec.Taint, rule.Generation)
			}
		})
	}
}

// TestDRAValidation checks kube-apiserver's causes for the rules users meet first: request and
// node selection one-ofs, CEL selectors that do not compile, names, and the immutable claim spec.
func TestDRAValidation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "dra-invalid")
	resource := client.ResourceV1()

	_, err := resource.ResourceClaims("dra-invalid").Create(ctx, draClaim("empty", resourcev1.DeviceRequest{Name: "gpu"}), metav1.CreateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "ResourceClaim", "empty",
		"spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable` is required")

	both := exactRequest("Gpu", "gpu")
	both.FirstAvailable = []resourcev1.DeviceSubRequest{{Name: "a", DeviceClassName: "gpu"}}
	_, err = resource.ResourceClaims("dra-invalid").Create(ctx, draClaim("both", both, exactRequest("gpu2", "")), metav1.CreateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "ResourceClaim", "both",
		`spec.devices.requests[0].name: Invalid value: "Gpu": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		"spec.devices.requests[0]: Invalid value: null: exactly one of `exactly` or `firstAvailable` is required, but multiple fields are set",
		"spec.devices.requests[1].exactly.deviceClassName: Required value")

	_, err = resource.DeviceClasses().Create(ctx, draClass("broken-cel", `device.driver ==`), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.selectors[0].cel.expression", metav1.CauseTypeFieldValueInvalid, "compilation failed: ERROR: <input>:1:17: Syntax error: mismatched input '<EOF>'")
	_, err = resource.DeviceClasses().Create(ctx, draClass("not-bool", `device.driver`), metav1.CreateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "DeviceClass", "not-bool",
		`spec.selectors[0].cel.expression: Invalid value: "device.driver": must evaluate to bool or the unknown type, not string`)
	_, err = resource.DeviceClasses().Create(ctx, draClass("unknown-field", `device.vendor == "x"`), metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.selectors[0].cel.expression", metav1.CauseTypeFieldValueInvalid, "undefined field 'vendor'")

	_, err = resource.DeviceClasses().Create(ctx, draClass("Bad_Name"), metav1.CreateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "DeviceClass", "Bad_Name",
		`metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`)

	slice := draSlice("nowhere", "node-1")
	slice.Spec.NodeName = nil
	_, err = resource.ResourceSlices().Create(ctx, slice, metav1.CreateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "ResourceSlice", "nowhere",
		"spec: Required value: exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required")
	slice = draSlice("twice", "node-1")
	slice.Spec.AllNodes = ptr(true)
	_, err = resource.ResourceSlices().Create(ctx, slice, metav1.CreateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "ResourceSlice", "twice",
		"spec: Invalid value: \"{`nodeName`, `allNodes`}\": exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required, but multiple fields are set")

	claim, err := resource.ResourceClaims("dra-invalid").Create(ctx, draClaim("fixed", exactRequest("gpu", "gpu")), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	claim.Spec.Devices.Requests[0].Exactly.Count = 2
	_, err = resource.ResourceClaims("dra-invalid").Update(ctx, claim, metav1.UpdateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "ResourceClaim", "fixed", "spec: Invalid value: null: field is immutable")
}

// TestDRAClaimStatus writes a claim's status: the allocation is kept while a spec change in the
// same write is not, and a reservation needs an allocation.
func TestDRAClaimStatus(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "dra-status")
	claims := client.ResourceV1().ResourceClaims("dra-status")
	claim, err := claims.Create(ctx, draClaim("gpu", exactRequest("gpu", "gpu")), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}

	reserved := claim.DeepCopy()
	reserved.Status.ReservedFor = []resourcev1.ResourceClaimConsumerReference{{Resource: "pods", Name: "web", UID: "6c1d1a4e-2f0a-4f5c-9a59-1c0d9a1e0b7d"}}
	_, err = claims.UpdateStatus(ctx, reserved, metav1.UpdateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "ResourceClaim", "gpu", "status.reservedFor: Forbidden: may not be specified when `allocated` is not set")

	claim.Spec.Devices.Requests[0].Exactly.Count = 5
	claim.Status.Allocation = &resourcev1.AllocationResult{Devices: resourcev1.DeviceAllocationResult{Results: []resourcev1.DeviceRequestAllocationResult{
		{Request: "gpu", Driver: "gpu.example.com", Pool: "node-1", Device: "gpu-0"},
	}}}
	updated, err := claims.UpdateStatus(ctx, claim, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Spec.Devices.Requests[0].Exactly.Count != 1 || updated.Status.Allocation == nil || updated.Status.Allocation.Devices.Results[0].Device != "gpu-0" {
		t.Errorf("after status write: spec %+v, allocation %+v; want count 1 and gpu-0 allocated", updated.Spec.Devices.Requests[0].Exactly, updated.Status.Allocation)
	}

	updated.Status.Allocation.Devices.Results[0].Device = "gpu-1"
	_, err = claims.UpdateStatus(ctx, updated, metav1.UpdateOptions{})
	expectInvalid(t, err, "resource.k8s.io", "ResourceClaim", "gpu", "status.allocation: Invalid value: null: field cannot be modified once set")

	columns, table := columnNames(t, client, "/apis/resource.k8s.io/v1/namespaces/dra-status/resourceclaims")
	if want := []string{"Name", "State", "Age"}; !reflect.DeepEqual(columns, want) {
		t.Errorf("columns = %v, want %v", columns, want)
	}
	if cells := table.Rows[0].Cells; cells[0] != "gpu" || cells[1] != "allocated" {
		t.Errorf("row = %v, want gpu allocated", cells)
	}
}

// TestDRASliceFieldSelectorsAndTables lists resource slices by node and driver, and checks the
// `kubectl get` columns of every resource.k8s.io kind.
func TestDRASliceFieldSelectorsAndTables(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	slices := client.ResourceV1().ResourceSlices()
	for _, node := range []string{"select-a", "select-b"} {
		if _, err := slices.Create(ctx, draSlice(node+"-gpu", node), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	other := draSlice("select-a-nic", "select-a")
	other.Spec.Driver = "nic.example.com"
	if _, err := slices.Create(ctx, other, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for selector, want := range map[string][]string{
		"spec.nodeName=select-a":                             {"select-a-gpu", "select-a-nic"},
		"spec.nodeName=select-a,spec.driver=gpu.example.com": {"select-a-gpu"},
	} {
		list, err := slices.List(ctx, metav1.ListOptions{FieldSelector: selector})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range list.Items {
			got = append(got, s.Name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", selector, got, want)
		}
	}
	_, err := slices.List(ctx, metav1.ListOptions{FieldSelector: "spec.pool.name=select-a"})
	if err == nil || !strings.Contains(err.Error(), "field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: spec.pool.name") {
		t.Errorf("spec.pool.name selector error = %v, want it refused", err)
	}

	columns, table := columnNames(t, client, "/apis/resource.k8s.io/v1/resourceslices/select-b-gpu")
	if want := []string{"Name", "Node", "Driver", "Pool", "Age"}; !reflect.DeepEqual(columns, want) {
		t.Errorf("resourceslices columns = %v, want %v", columns, want)
	}
	if cells := table.Rows[0].Cells; !reflect.DeepEqual(cells[:4], []interface{}{"select-b-gpu", "select-b", "gpu.example.com", "select-b"}) {
		t.Errorf("resourceslices row = %v", cells)
	}
	for path, want := range map[string][]string{
		"/apis/resource.k8s.io/v1/deviceclasses":                             {"Name", "Age"},
		"/apis/resource.k8s.io/v1/namespaces/default/resourceclaimtemplates": {"Name", "Age"},
		"/apis/resource.k8s.io/v1/devicetaintrules":                          {"Name", "Created At"},
	} {
		if got, _ := columnNames(t, client, path); !reflect.DeepEqual(got, want) {
			t.Errorf("%s columns = %v, want %v", path, got, want)
		}
	}
}

// TestDRAEtcdKeys checks that the resource.k8s.io kinds land under kube-apiserver's keys, in
// protobuf, as their v1 kinds.
func TestDRAEtcdKeys(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	etcdClient := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "keys")
	resource := client.ResourceV1()

	if _, err := resource.DeviceClasses().Create(ctx, draClass("gpu"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := resource.ResourceClaims("keys").Create(ctx, draClaim("gpu", exactRequest("gpu", "gpu")), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := resource.ResourceClaimTemplates("keys").Create(ctx, &resourcev1.ResourceClaimTemplate{ObjectMeta: metav1.ObjectMeta{Name: "gpu"}, Spec: resourcev1.ResourceClaimTemplateSpec{Spec: draClaim("", exactRequest("gpu", "gpu")).Spec}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := resource.ResourceSlices().Create(ctx, draSlice("node-1-gpu", "node-1"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := resource.DeviceTaintRules().Create(ctx, &resourcev1.DeviceTaintRule{ObjectMeta: metav1.ObjectMeta{Name: "drain"}, Spec: resourcev1.DeviceTaintRuleSpec{Taint: resourcev1.DeviceTaint{Key: "example.com/drain", Effect: resourcev1.DeviceTaintEffectNoExecute}}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for key, obj := range map[string]runtime.Object{
		"/registry/deviceclasses/gpu":               &resourcev1.DeviceClass{},
		"/registry/resourceclaims/keys/gpu":         &resourcev1.ResourceClaim{},
		"/registry/resourceclaimtemplates/keys/gpu": &resourcev1.ResourceClaimTemplate{},
		"/registry/resourceslices/node-1-gpu":       &resourcev1.ResourceSlice{},
		"/registry/devicetaintrules/drain":          &resourcev1.DeviceTaintRule{},
	} {
		readEtcd(t, ctx, etcdClient, key, obj)
		if kind := obj.GetObjectKind().GroupVersionKind(); kind.GroupVersion() != resourcev1.SchemeGroupVersion {
			t.Errorf("%s holds %v, want resource.k8s.io/v1", key, kind)
		}
		resp, err := etcdClient.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if value := resp.Kvs[0].Value; !bytes.HasPrefix(value, []byte("k8s\x00")) {
			t.Errorf("%s is stored as %q..., want protobuf", key, value[:min(len(value), 16)])
		}
	}
}

// TestDRADiscoveryAndApply checks how discovery lists the group's resources and that server-side
// apply, which needs the group's OpenAPI schemas, works on them.
func TestDRADiscoveryAndApply(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	list, err := client.Discovery().ServerResourcesForGroupVersion("resource.k8s.io/v1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range list.APIResources {
		got[r.Name] = r.Namespaced
		verbs := "create,delete,deletecollection,get,list,patch,update,watch"
		if strings.Contains(r.Name, "/") {
			verbs = "get,patch,update"
		}
		sorted := append([]string(nil), r.Verbs...)
		sort.Strings(sorted)
		if strings.Join(sorted, ",") != verbs || len(r.ShortNames) != 0 || len(r.Categories) != 0 {
			t.Errorf("%s: verbs %v, short names %v, categories %v; want %s and none", r.Name, r.Verbs, r.ShortNames, r.Categories, verbs)
		}
	}
	want := map[string]bool{
		"deviceclasses": false, "devicetaintrules": false, "devicetaintrules/status": false,
		"resourceclaims": true, "resourceclaims/status": true, "resourceclaimtemplates": true, "resourceslices": false,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("resource.k8s.io/v1 resources (name: namespaced) = %v, want %v", got, want)
	}

	manifest := []byte(`{"apiVersion":"resource.k8s.io/v1","kind":"DeviceClass","metadata":{"name":"applied"},"spec":{"selectors":[{"cel":{"expression":"device.driver == \"gpu.example.com\""}}]}}`)
	class, err := client.ResourceV1().DeviceClasses().Patch(ctx, "applied", types.ApplyPatchType, manifest, metav1.PatchOptions{FieldManager: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(class.ManagedFields) != 1 || class.ManagedFields[0].Manager != "test" || class.Generation != 1 {
		t.Errorf("applied class: managed fields %+v, generation %d; want one entry of test and generation 1", class.ManagedFields, class.Generation)
	}
}

// TestDRAArtifacts creates the resource.k8s.io examples of artifacts/, so that they stay valid.
func TestDRAArtifacts(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "demo")
	resource := client.ResourceV1()
	decode := func(file string, into runtime.Object) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("..", "..", "artifacts", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.UnmarshalStrict(data, into); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	class, slice, claim := &resourcev1.DeviceClass{}, &resourcev1.ResourceSlice{}, &resourcev1.ResourceClaim{}
	template, rule := &resourcev1.ResourceClaimTemplate{}, &resourcev1.DeviceTaintRule{}
	decode("deviceclass.yaml", class)
	decode("resourceslice.yaml", slice)
	decode("resourceclaim.yaml", claim)
	decode("resourceclaimtemplate.yaml", template)
	decode("devicetaintrule.yaml", rule)
	if _, err := resource.DeviceClasses().Create(ctx, class, metav1.CreateOptions{}); err != nil {
		t.Error(err)
	}
	if _, err := resource.ResourceSlices().Create(ctx, slice, metav1.CreateOptions{}); err != nil {
		t.Error(err)
	}
	if created, err := resource.ResourceClaims("demo").Create(ctx, claim, metav1.CreateOptions{}); err != nil {
		t.Error(err)
	} else if created.Spec.Devices.Requests[0].Exactly.Count != 1 {
		t.Errorf("claim count = %d, want the default 1", created.Spec.Devices.Requests[0].Exactly.Count)
	}
	if _, err := resource.ResourceClaimTemplates("demo").Create(ctx, template, metav1.CreateOptions{}); err != nil {
		t.Error(err)
	}
	if created, err := resource.DeviceTaintRules().Create(ctx, rule, metav1.CreateOptions{}); err != nil {
		t.Error(err)
	} else if created.Spec.Taint.TimeAdded == nil {
		t.Error("the rule's taint has no timeAdded")
	}
}

// TestDRATaintRuleStatus writes a DeviceTaintRule's status, which leaves the spec alone, and
// updates the rule itself, which in v1 must name the resourceVersion it read.
func TestDRATaintRuleStatus(t *testing.T) {
	ctx := context.Background()
	rules := jsonClient(t).ResourceV1().DeviceTaintRules()
	rule, err := rules.Create(ctx, &resourcev1.DeviceTaintRule{
		ObjectMeta: metav1.ObjectMeta{Name: "status-rule"},
		Spec:       resourcev1.DeviceTaintRuleSpec{Taint: resourcev1.DeviceTaint{Key: "example.com/drain", Effect: resourcev1.DeviceTaintEffectNone}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rule.Spec.Taint.Effect = resourcev1.DeviceTaintEffectNoExecute
	rule.Status.Conditions = []metav1.Condition{{Type: resourcev1.DeviceTaintConditionEvictionInProgress, Status: metav1.ConditionFalse, Reason: "NoPods", Message: "no pods to evict", LastTransitionTime: metav1.Now()}}
	updated, err := rules.UpdateStatus(ctx, rule, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Spec.Taint.Effect != resourcev1.DeviceTaintEffectNone || len(updated.Status.Conditions) != 1 || updated.Generation != 1 {
		t.Errorf("after a status write: effect %q, conditions %+v, generation %d; want None, one condition, 1", updated.Spec.Taint.Effect, updated.Status.Conditions, updated.Generation)
	}

	updated.Spec.Taint.Effect = resourcev1.DeviceTaintEffectNoExecute
	updated.ResourceVersion = ""
	_, err = rules.Update(ctx, updated, metav1.UpdateOptions{})
	// The generic registry names the resource, not the kind, in this error, as in kube-apiserver.
	expectInvalidCause(t, err, "metadata.resourceVersion", metav1.CauseTypeFieldValueInvalid, "Invalid value: 0: must be specified for an update")
}
