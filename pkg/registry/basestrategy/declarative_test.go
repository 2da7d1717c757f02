package basestrategy

import (
	"context"
	"testing"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/api/operation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	fieldvalidation "k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"

	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
)

func TestDeclarativeValidation(t *testing.T) {
	handWritten := fieldvalidation.ErrorList{fieldvalidation.Required(fieldvalidation.NewPath("spec"), "")}
	class := &resourcev1.DeviceClass{ObjectMeta: metav1.ObjectMeta{Name: "GPU"}}
	ctx := genericapirequest.WithRequestInfo(context.Background(), &genericapirequest.RequestInfo{APIGroup: "resource.k8s.io", APIVersion: "v1", Resource: "deviceclasses"})

	errs := DeclarativeValidation{}.ValidateDeclaratively(ctx, class, nil, handWritten, operation.Create, rest.DeclarativeValidationConfig{})
	if len(errs) != 2 || errs[0] != handWritten[0] || errs[1].Field != "metadata.name" {
		t.Errorf("errors = %v, want the hand-written one, then the beta name format", errs)
	}

	status := genericapirequest.WithRequestInfo(context.Background(), &genericapirequest.RequestInfo{APIGroup: "resource.k8s.io", APIVersion: "v1", Resource: "deviceclasses", Subresource: "status"})
	errs = DeclarativeValidation{}.ValidateDeclaratively(status, class, class, nil, operation.Update, rest.DeclarativeValidationConfig{})
	if len(errs) != 1 || errs[0].Type != fieldvalidation.ErrorTypeInternal {
		t.Errorf("errors for an unknown subresource = %v, want an internal error", errs)
	}

	errs = DeclarativeValidation{}.ValidateDeclaratively(context.Background(), class, nil, nil, operation.Create, rest.DeclarativeValidationConfig{})
	if len(errs) != 1 || errs[0].Type != fieldvalidation.ErrorTypeInternal {
		t.Errorf("errors without request info = %v, want an internal error", errs)
	}
}
