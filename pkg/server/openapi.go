package server

import (
	"fmt"
	"strings"

	restful "github.com/emicklei/go-restful/v3"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/klog/v2"
	"k8s.io/kube-openapi/pkg/builder"
	"k8s.io/kube-openapi/pkg/builder3"
	"k8s.io/kube-openapi/pkg/cached"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/common/restfuladapter"
	"k8s.io/kube-openapi/pkg/handler"
	"k8s.io/kube-openapi/pkg/spec3"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// openAPIBuiltETag is the version the cached builds of the OpenAPI documents give their one result;
// the handlers derive the ETags clients see from the documents' bytes.
const openAPIBuiltETag = "built"

// installOpenAPIV2 serves /openapi/v2 of kapi's server, whose generic PrepareRun is told to skip
// its OpenAPI, with the document PrepareRun would build, but built when it is first asked for:
// the aggregator asks for it only once a client does.
func installOpenAPIV2(server *genericapiserver.GenericAPIServer, config *common.Config) {
	container := server.Handler.GoRestfulContainer
	swagger := cached.Once(cached.Func(func() (*spec.Swagger, string, error) {
		document, err := builder.BuildOpenAPISpecFromRoutes(restfuladapter.AdaptWebServices(container.RegisteredWebServices()), config)
		if err != nil {
			return nil, "", fmt.Errorf("building the OpenAPI v2 document: %w", err)
		}
		document.Definitions = handler.PruneDefaults(document.Definitions)
		return document, openAPIBuiltETag, nil
	}))
	handler.NewOpenAPIServiceLazy(swagger).RegisterOpenAPIVersionedService("/openapi/v2", server.Handler.NonGoRestfulMux)
}

// buildOpenAPIV3 builds the OpenAPI v3 document of the web service at path name ("api/v1",
// "apis/apps/v1", "version", ...).
func buildOpenAPIV3(service *restful.WebService, name string, config *common.OpenAPIV3Config) (*spec3.OpenAPI, error) {
	document, err := builder3.BuildOpenAPISpecFromRoutes(restfuladapter.AdaptWebServices([]*restful.WebService{service}), config)
	if err != nil {
		return nil, fmt.Errorf("building the OpenAPI v3 document of %s: %w", name, err)
	}
	if group, version, ok := openAPIGroupVersion(name); ok {
		keepOwnKinds(document, group, version)
	}
	return document, nil
}

// openAPIGroupVersion is the group and version an OpenAPI v3 path name stands for: "api/v1" is the
// core group's v1, "apis/apps/v1" apps/v1; other names ("apis", "version") are not group versions.
func openAPIGroupVersion(name string) (group, version string, ok bool) {
	parts := strings.Split(name, "/")
	switch {
	case len(parts) == 2 && parts[0] == "api":
		return "", parts[1], true
	case len(parts) == 3 && parts[0] == "apis":
		return parts[1], parts[2], true
	}
	return "", "", false
}

// sharedKinds are the kinds that every group version registers, so that their schema in one group
// version's document would name the kinds of all of them.
var sharedKinds = map[string]bool{"WatchEvent": true, "DeleteOptions": true}

// keepOwnKinds leaves, in the x-kubernetes-group-version-kind of each schema of a shared kind, only
// the kinds of group/version and of the core group's v1, which is what kube-apiserver's document
// of a group version says.
func keepOwnKinds(document *spec3.OpenAPI, group, version string) {
	if document.Components == nil {
		return
	}
	for name, schema := range document.Components.Schemas {
		if schema == nil {
			continue
		}
		kinds, ok := schema.Extensions["x-kubernetes-group-version-kind"].([]interface{})
		if !ok || len(kinds) < 2 || !namesSharedKind(kinds) {
			continue
		}
		var kept []interface{}
		for _, kind := range kinds {
			gvk, ok := kind.(map[string]interface{})
			if !ok {
				continue
			}
			g, gOK := gvk["group"].(string)
			v, vOK := gvk["version"].(string)
			if gOK && vOK && (g == group && v == version || g == "" && v == "v1") {
				kept = append(kept, kind)
			}
		}
		if len(kept) == 0 {
			klog.InfoS("No kind of a shared schema belongs to its group version", "schema", name, "group", group, "version", version)
			delete(schema.Extensions, "x-kubernetes-group-version-kind")
			continue
		}
		schema.Extensions["x-kubernetes-group-version-kind"] = kept
	}
}

// namesSharedKind says whether one of kinds, the x-kubernetes-group-version-kind entries of a
// schema, is a shared kind.
func namesSharedKind(kinds []interface{}) bool {
	for _, kind := range kinds {
		if gvk, ok := kind.(map[string]interface{}); ok {
			if name, _ := gvk["kind"].(string); sharedKinds[name] {
				return true
			}
		}
	}
	return false
}
