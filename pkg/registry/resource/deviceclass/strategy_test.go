package deviceclass

import (
	"context"
	"reflect"
	"testing"
	"time"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
)

func TestDeviceClassStrategy(t *testing.T) {
	ctx := context.Background()
	class := &resourcev1.DeviceClass{ObjectMeta: metav1.ObjectMeta{Name: "gpu", Generation: 5}}
	Strategy.PrepareForCreate(ctx, class)
	if class.Generation != 1 {
		t.Errorf("generation after create = %d, want 1", class.Generation)
	}
	changed := class.DeepCopy()
	changed.Spec.ExtendedResourceName = new("example.com/gpu")
	Strategy.PrepareForUpdate(ctx, changed, class)
	if changed.Generation != 2 {
		t.Errorf("generation after a spec change = %d, want 2", changed.Generation)
	}
}

func TestDeviceClassTable(t *testing.T) {
	class := &resourcev1.DeviceClass{ObjectMeta: metav1.ObjectMeta{Name: "gpu", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Minute))}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), class, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(table.ColumnDefinitions) != 2 || table.ColumnDefinitions[1].Name != "Age" {
		t.Errorf("columns = %+v, want Name and Age", table.ColumnDefinitions)
	}
	if got, want := table.Rows[0].Cells, []interface{}{"gpu", "3m"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %v, want %v", got, want)
	}
}
