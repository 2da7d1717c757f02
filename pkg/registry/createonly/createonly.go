// Package createonly serves resources that can only be created and are never stored, such as the
// access and token reviews: a create is a question, and the object returned is the answer.
package createonly

import (
	"context"
	"fmt"
	"reflect"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authentication/user"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
)

// AnswerFunc answers the question obj asks. admit runs the admission chain on a copy of obj; each
// resource calls it where its checks allow, after the checks that reject a malformed question.
type AnswerFunc[T runtime.Object] func(ctx context.Context, obj T, admit func() error) (runtime.Object, error)

// REST serves a create-only resource whose objects are of type T, a pointer to E.
type REST[E any, T interface {
	*E
	runtime.Object
}] struct {
	singular   string
	namespaced bool
	answer     AnswerFunc[T]
}

var _ interface {
	rest.Creater
	rest.Scoper
	rest.SingularNameProvider
} = &REST[metav1.Status, *metav1.Status]{}

// New returns the storage of a create-only resource named singular in discovery, answering with answer.
func New[E any, T interface {
	*E
	runtime.Object
}](singular string, namespaced bool, answer AnswerFunc[T]) *REST[E, T] {
	return &REST[E, T]{singular: singular, namespaced: namespaced, answer: answer}
}

// New returns an empty object of the resource.
func (r *REST[E, T]) New() runtime.Object { return T(new(E)) }

// Destroy has nothing to release: nothing is stored.
func (r *REST[E, T]) Destroy() {}

// NamespaceScoped says whether the resource is created in a namespace.
func (r *REST[E, T]) NamespaceScoped() bool { return r.namespaced }

// GetSingularName is the resource's singular name, for discovery.
func (r *REST[E, T]) GetSingularName() string { return r.singular }

// Create answers obj, which the request decoded into the resource's type.
func (r *REST[E, T]) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, _ *metav1.CreateOptions) (runtime.Object, error) {
	typed, ok := obj.(T)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("not a %s: %#v", reflect.TypeFor[E]().Name(), obj))
	}
	admit := func() error {
		if createValidation == nil {
			return nil
		}
		return createValidation(ctx, obj.DeepCopyObject())
	}
	return r.answer(ctx, typed, admit)
}

// RequestUser is the user who made the request, for the questions a caller asks about itself.
func RequestUser(ctx context.Context) (user.Info, error) {
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return nil, apierrors.NewBadRequest("no user present on request")
	}
	return u, nil
}

// UserInfo returns u as the authentication reviews report a user. Extra is never nil.
func UserInfo(u user.Info) authenticationv1.UserInfo {
	extra := u.GetExtra()
	info := authenticationv1.UserInfo{
		Username: u.GetName(),
		UID:      u.GetUID(),
		Groups:   u.GetGroups(),
		Extra:    make(map[string]authenticationv1.ExtraValue, len(extra)),
	}
	for k, v := range extra {
		info.Extra[k] = v
	}
	return info
}
