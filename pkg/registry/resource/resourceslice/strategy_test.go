package resourceslice

import (
	"context"
	"reflect"
	"testing"
	"time"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
)

func storedSlice() *resourcev1.ResourceSlice {
	return &resourcev1.ResourceSlice{
		ObjectMeta: metav1.ObjectMeta{Name: "node-1-gpu", Generation: 3, ResourceVersion: "1"},
		Spec: resourcev1.ResourceSliceSpec{
			Driver:   "gpu.example.com",
			Pool:     resourcev1.ResourcePool{Name: "node-1", ResourceSliceCount: 1},
			NodeName: ptr.To("node-1"),
			Devices:  []resourcev1.Device{{Name: "gpu-0"}},
		},
	}
}

func TestResourceSliceStrategy(t *testing.T) {
	ctx := context.Background()
	slice := storedSlice()
	slice.Spec.SkipNodeOperations = []resourcev1.SkipNodeOperation{resourcev1.SkipNodeOperationAll}
	slice.Spec.Devices[0].Attributes = map[resourcev1.QualifiedName]resourcev1.DeviceAttribute{"models": {StringValues: []string{"a"}}}
	Strategy.PrepareForCreate(ctx, slice)
	if slice.Generation != 1 || slice.Spec.SkipNodeOperations != nil || slice.Spec.Devices[0].Attributes["models"].StringValues != nil {
		t.Errorf("after create: %+v; want generation 1 and the alpha fields dropped", slice)
	}

	same := storedSlice()
	same.Labels = map[string]string{"a": "b"}
	Strategy.PrepareForUpdate(ctx, same, storedSlice())
	changed := storedSlice()
	changed.Spec.Pool.Generation = 1
	Strategy.PrepareForUpdate(ctx, changed, storedSlice())
	if same.Generation != 3 || changed.Generation != 4 {
		t.Errorf("generations = %d after a label change, %d after a spec change; want 3 and 4", same.Generation, changed.Generation)
	}

	// A stored slice keeps the alpha fields it already has.
	old := storedSlice()
	old.Spec.SkipNodeOperations = []resourcev1.SkipNodeOperation{resourcev1.SkipNodeOperationAll}
	kept := old.DeepCopy()
	Strategy.PrepareForUpdate(ctx, kept, old)
	if kept.Spec.SkipNodeOperations == nil {
		t.Error("an update dropped skipNodeOperations the stored slice has")
	}

	upper := storedSlice()
	upper.Spec.Driver = "GPU.example.com"
	if w := Strategy.WarningsOnCreate(ctx, upper); len(w) != 1 || w[0] != `spec.driver: driver names should be lowercase; "GPU.example.com" contains uppercase characters` {
		t.Errorf("warnings = %q", w)
	}
}

func TestResourceSliceSelectableFields(t *testing.T) {
	global := storedSlice()
	global.Spec.NodeName = nil
	for _, tc := range []struct {
		slice *resourcev1.ResourceSlice
		want  fields.Set
	}{
		{storedSlice(), fields.Set{"metadata.name": "node-1-gpu", "spec.nodeName": "node-1", "spec.driver": "gpu.example.com"}},
		{global, fields.Set{"metadata.name": "node-1-gpu", "spec.nodeName": "", "spec.driver": "gpu.example.com"}},
	} {
		if got := SelectableFields(tc.slice); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("fields = %v, want %v", got, tc.want)
		}
	}
}

func TestResourceSliceTable(t *testing.T) {
	slice := storedSlice()
	slice.CreationTimestamp = metav1.NewTime(time.Now().Add(-2 * time.Hour))
	table, err := NewTableConvertor().ConvertToTable(context.Background(), slice, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "Node", "Driver", "Pool", "Age"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	if got, want := table.Rows[0].Cells, []interface{}{"node-1-gpu", "node-1", "gpu.example.com", "node-1", "120m"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %v, want %v", got, want)
	}
}

func TestResourceSliceNodeNameIndex(t *testing.T) {
	global := storedSlice()
	global.Spec.NodeName = nil
	index := (*Indexers())["f:spec.nodeName"]
	for want, slice := range map[string]*resourcev1.ResourceSlice{"node-1": storedSlice(), "": global} {
		if got, err := index(slice); err != nil || !reflect.DeepEqual(got, []string{want}) {
			t.Errorf("index = %v, %v; want [%q]", got, err, want)
		}
		if got := NodeNameTriggerFunc(slice); got != want {
			t.Errorf("trigger = %q, want %q", got, want)
		}
	}
	if pred := Matcher(nil, nil); !reflect.DeepEqual(pred.IndexFields, []string{"spec.nodeName"}) {
		t.Errorf("index fields = %v, want spec.nodeName", pred.IndexFields)
	}
}

func TestResourceSliceDeclarativeOptions(t *testing.T) {
	ctx := context.Background()
	withType := storedSlice()
	withType.Spec.PartitionTypeAttribute = ptr.To(resourcev1.FullyQualifiedName("gpu.example.com/profile"))
	for _, tc := range []struct {
		name string
		old  *resourcev1.ResourceSlice
		want bool
	}{{"create", nil, false}, {"update of a slice without it", storedSlice(), false}, {"update of a slice with it", withType, true}} {
		var old runtime.Object
		if tc.old != nil {
			old = tc.old
		}
		options := Strategy.DeclarativeValidationConfig(ctx, storedSlice(), old).Options
		if got, defined := options[partitionTypeOption]; !defined || got != tc.want {
			t.Errorf("%s: %s = %v (defined %v), want %v", tc.name, partitionTypeOption, got, defined, tc.want)
		}
	}
}
