package scalerest

import (
	"context"
	"reflect"
	"testing"
	"time"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"
)

var created = metav1.NewTime(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))

func storedRC() *corev1.ReplicationController {
	return &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{
			Name: "web", Namespace: "default", UID: "uid-1", ResourceVersion: "42", CreationTimestamp: created,
			Labels: map[string]string{"app": "web"},
			ManagedFields: []metav1.ManagedFieldsEntry{{
				Manager: "kubectl-client-side-apply", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "v1",
				FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:spec":{"f:replicas":{},"f:selector":{}}}`)},
			}},
		},
		Spec: corev1.ReplicationControllerSpec{
			Replicas: ptr.To[int32](3),
			Selector: map[string]string{"tier": "front", "app": "web"},
		},
		Status: corev1.ReplicationControllerStatus{Replicas: 2},
	}
}

// rcScalable views replication controllers as Scales, standing in for any scalable resource.
var rcScalable = Scalable[*corev1.ReplicationController]{
	Resource:     corev1.Resource("replicationcontrollers/scale"),
	ReadResource: autoscalingv1.Resource("replicationcontrollers/scale"),
	GroupVersion: corev1.SchemeGroupVersion,
	ToScale: func(rc *corev1.ReplicationController) (*autoscalingv1.Scale, error) {
		return Scale(rc, *rc.Spec.Replicas, rc.Status.Replicas, "app=web"), nil
	},
	SetReplicas: func(rc *corev1.ReplicationController, replicas int32) { rc.Spec.Replicas = &replicas },
}

func TestScale(t *testing.T) {
	want := &autoscalingv1.Scale{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", UID: "uid-1", ResourceVersion: "42", CreationTimestamp: created},
		Spec:       autoscalingv1.ScaleSpec{Replicas: 3},
		Status:     autoscalingv1.ScaleStatus{Replicas: 2, Selector: "app=web"},
	}
	if got := Scale(storedRC(), 3, 2, "app=web"); !reflect.DeepEqual(got, want) {
		t.Errorf("Scale = %+v\nwant %+v", got, want)
	}
}

// scaleTo is a client update that sets spec.replicas on the Scale it is given.
type scaleTo struct {
	replicas        int32
	resourceVersion string
	uid             string
}

func (s scaleTo) Preconditions() *metav1.Preconditions { return nil }

func (s scaleTo) UpdatedObject(ctx context.Context, old runtime.Object) (runtime.Object, error) {
	scale := old.(*autoscalingv1.Scale).DeepCopy()
	scale.Spec.Replicas = s.replicas
	scale.ResourceVersion = s.resourceVersion
	if s.uid != "" {
		scale.UID = types.UID(s.uid)
	}
	return scale, nil
}

func v1RequestContext() context.Context {
	return genericapirequest.WithRequestInfo(genericapirequest.NewDefaultContext(), &genericapirequest.RequestInfo{
		APIGroup: "", APIVersion: "v1", Resource: "replicationcontrollers", Subresource: "scale",
	})
}

func TestScaleUpdatedObject(t *testing.T) {
	tests := []struct {
		name         string
		stored       *corev1.ReplicationController
		update       scaleTo
		wantReplicas int32
		wantRV       string
		wantErr      string
		wantCode     int32
	}{{
		name:         "sets spec.replicas and keeps the client's resourceVersion precondition",
		stored:       storedRC(),
		update:       scaleTo{replicas: 5, resourceVersion: "42"},
		wantReplicas: 5,
		wantRV:       "42",
	}, {
		name:         "an update without resourceVersion is unconditional",
		stored:       storedRC(),
		update:       scaleTo{replicas: 0},
		wantReplicas: 0,
		wantRV:       "",
	}, {
		name:     "negative replicas",
		stored:   storedRC(),
		update:   scaleTo{replicas: -1, resourceVersion: "42"},
		wantErr:  `Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
		wantCode: 422,
	}, {
		name:     "UID precondition mismatch",
		stored:   storedRC(),
		update:   scaleTo{replicas: 1, uid: "uid-other"},
		wantErr:  `Operation cannot be fulfilled on replicationcontrollers/scale "web": Precondition failed: UID in precondition: uid-other, UID in object meta: uid-1`,
		wantCode: 409,
	}, {
		name:     "nothing stored",
		stored:   &corev1.ReplicationController{},
		update:   scaleTo{replicas: 1},
		wantErr:  `replicationcontrollers/scale "web" not found`,
		wantCode: 404,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := &updatedObjectInfo[*corev1.ReplicationController]{name: "web", reqObjInfo: tt.update, scalable: rcScalable}
			obj, err := info.UpdatedObject(v1RequestContext(), tt.stored)
			if tt.wantErr != "" {
				status, ok := err.(apierrors.APIStatus)
				if !ok || err.Error() != tt.wantErr || status.Status().Code != tt.wantCode {
					t.Fatalf("err = %v, want %d %q", err, tt.wantCode, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rc := obj.(*corev1.ReplicationController)
			if rc.Spec.Replicas == nil || *rc.Spec.Replicas != tt.wantReplicas {
				t.Errorf("spec.replicas = %v, want %d", rc.Spec.Replicas, tt.wantReplicas)
			}
			if rc.ResourceVersion != tt.wantRV {
				t.Errorf("resourceVersion = %q, want %q", rc.ResourceVersion, tt.wantRV)
			}
			want := storedRC()
			if !reflect.DeepEqual(rc.Spec.Selector, want.Spec.Selector) || !reflect.DeepEqual(rc.Status, want.Status) || !reflect.DeepEqual(rc.Labels, want.Labels) {
				t.Errorf("scale changed more than spec.replicas: %+v", rc)
			}
			if *tt.stored.Spec.Replicas != 3 {
				t.Error("the stored object was modified in place")
			}
		})
	}
}

func TestScaleUpdatedObjectMovesReplicasOwnership(t *testing.T) {
	update := rest.DefaultUpdatedObjectInfo(&autoscalingv1.Scale{
		ObjectMeta: metav1.ObjectMeta{
			Name: "web", Namespace: "default",
			ManagedFields: []metav1.ManagedFieldsEntry{{
				Manager: "kubectl", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "autoscaling/v1",
				FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:spec":{"f:replicas":{}}}`)},
			}},
		},
		Spec: autoscalingv1.ScaleSpec{Replicas: 4},
	})
	obj, err := (&updatedObjectInfo[*corev1.ReplicationController]{name: "web", reqObjInfo: update, scalable: rcScalable}).UpdatedObject(v1RequestContext(), storedRC())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range obj.(*corev1.ReplicationController).ManagedFields {
		got[e.Manager+" "+e.APIVersion] = string(e.FieldsV1.Raw)
	}
	want := map[string]string{
		"kubectl-client-side-apply v1": `{"f:spec":{"f:selector":{}}}`,
		"kubectl v1":                   `{"f:spec":{"f:replicas":{}}}`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("managed fields = %v, want %v", got, want)
	}
}

func TestScaleUpdatedObjectRejectsUnknownVersion(t *testing.T) {
	ctx := genericapirequest.WithRequestInfo(context.Background(), &genericapirequest.RequestInfo{APIGroup: "extensions", APIVersion: "v1beta1"})
	_, err := (&updatedObjectInfo[*corev1.ReplicationController]{name: "web", reqObjInfo: scaleTo{replicas: 1}, scalable: rcScalable}).UpdatedObject(ctx, storedRC())
	if !apierrors.IsInternalError(err) {
		t.Errorf("err = %v, want an internal error", err)
	}
}

func TestScaleAdmissionSeesScales(t *testing.T) {
	var seen []runtime.Object
	r := New(nil, rcScalable)
	create := r.toScaleCreateValidation(func(ctx context.Context, obj runtime.Object) error {
		seen = append(seen, obj)
		return nil
	})
	update := r.toScaleUpdateValidation(func(ctx context.Context, obj, old runtime.Object) error {
		seen = append(seen, obj, old)
		return nil
	})
	if err := create(context.Background(), storedRC()); err != nil {
		t.Fatal(err)
	}
	if err := update(context.Background(), storedRC(), storedRC()); err != nil {
		t.Fatal(err)
	}
	for i, obj := range seen {
		if s, ok := obj.(*autoscalingv1.Scale); !ok || s.Spec.Replicas != 3 {
			t.Errorf("admission object %d = %T %+v, want the Scale of the replication controller", i, obj, obj)
		}
	}
	if len(seen) != 3 {
		t.Errorf("admission saw %d objects, want 3", len(seen))
	}
}

func TestScaleKind(t *testing.T) {
	r := New(nil, rcScalable)
	want := schema.GroupVersionKind{Group: "autoscaling", Version: "v1", Kind: "Scale"}
	if got := r.GroupVersionKind(corev1.SchemeGroupVersion); got != want {
		t.Errorf("GroupVersionKind = %v, want %v", got, want)
	}
	if _, ok := r.New().(*autoscalingv1.Scale); !ok {
		t.Errorf("New() = %T, want *autoscalingv1.Scale", r.New())
	}
}

func TestScaleTable(t *testing.T) {
	scale := Scale(storedRC(), 3, 2, "app=web")
	table, err := New(nil, rcScalable).ConvertToTable(context.Background(), scale, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names, types []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
		types = append(types, c.Type)
	}
	if want := []string{"Name", "Desired", "Available", "Age"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %q, want %q", names, want)
	}
	if want := []string{"string", "integer", "integer", "string"}; !reflect.DeepEqual(types, want) {
		t.Errorf("column types = %q, want %q", types, want)
	}
	if len(table.Rows) != 1 {
		t.Fatalf("rows = %d, want 1", len(table.Rows))
	}
	cells := table.Rows[0].Cells
	if len(cells) != 4 || cells[0] != "web" || cells[1] != int64(3) || cells[2] != int64(2) {
		t.Errorf("cells = %#v, want web, 3, 2, age", cells)
	}
}

func TestSelectorScale(t *testing.T) {
	selector := &metav1.LabelSelector{
		MatchLabels:      map[string]string{"app": "web"},
		MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"front", "edge"}}},
	}
	scale, err := SelectorScale(storedRC(), ptr.To[int32](3), 2, selector)
	if err != nil {
		t.Fatal(err)
	}
	if scale.Spec.Replicas != 3 || scale.Status.Replicas != 2 || scale.Status.Selector != "app=web,tier in (edge,front)" {
		t.Errorf("scale = %+v, want 3, 2 and the selector as a string", scale)
	}
	if scale, err := SelectorScale(storedRC(), nil, 0, selector); err != nil || scale.Spec.Replicas != 0 {
		t.Errorf("unset replicas: %+v, %v; want 0", scale, err)
	}
	if _, err := SelectorScale(storedRC(), nil, 0, &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: "Near"}}}); err == nil {
		t.Error("an invalid selector gave a Scale")
	}
}
