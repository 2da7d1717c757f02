package history

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// Claim returns the revisions among all that owner, of kind, owns after adopting the orphans its
// selector matches and releasing those it no longer does; fresh reads owner from the API server.
func (c Client) Claim(ctx context.Context, owner metav1.Object, kind schema.GroupVersionKind, selector labels.Selector, fresh func(context.Context) (metav1.Object, error), all []*appsv1.ControllerRevision) ([]*appsv1.ControllerRevision, error) {
	claimer := &podcontrol.Claimer[*appsv1.ControllerRevision]{
		Owner:    owner,
		Kind:     kind,
		Selector: selector,
		Fresh:    fresh,
		Patch: func(ctx context.Context, r *appsv1.ControllerRevision, patch []byte) error {
			_, err := c.Client.AppsV1().ControllerRevisions(r.Namespace).Patch(ctx, r.Name, types.StrategicMergePatchType, patch, metav1.PatchOptions{})
			return err
		},
	}
	return claimer.Claim(ctx, all)
}
